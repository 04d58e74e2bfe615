import Foundation
import SaudaCore

extension TelegramSimulator {
    /// A chat as the simulator keys it: a business chat is a space of its own even when its numeric id equals a chat
    /// of the bot's own.
    struct ChatKey: Hashable, Sendable {
        /// The business connection the chat belongs to; `nil` for the bot's own chats.
        var businessConnectionID: String?
        /// `chat.id`.
        var chatID: Int64
    }

    /// A chat: its Telegram `Chat` object, its messages (customer's and bot's) and what the bot did in it.
    struct Chat {
        var info: JSONValue
        var messages: [Int: JSONValue] = [:]
        var nextMessageID = 1
        /// When a customer last wrote (the business 24-hour window).
        var lastIncoming: Date?
        var sent: [SentMessage] = []

        mutating func takeMessageID() -> Int {
            defer { nextMessageID += 1 }
            return nextMessageID
        }
    }

    /// A queued update: its JSON (with `update_id`), its payload type and the chat its deliveries are ordered in.
    struct QueuedUpdate {
        var id: Int
        var type: String
        var json: JSONValue
        /// Updates of one order key are delivered to a webhook one at a time, in order.
        var orderKey: String
    }

    /// A file the bot can fetch with `getFile`.
    struct StoredFile {
        var fileID: String
        var uniqueID: String
        var path: String
        var data: Data
    }

    /// A business connection of the bot to an owner's account.
    struct BusinessConnection {
        var id: String
        var owner: JSONValue
        var ownerID: Int64
        var date: Date
        var isEnabled: Bool
        var canReply: Bool
        var canReadMessages = true

        var json: JSONValue {
            ["id": .string(id), "user": owner, "user_chat_id": .number(Double(ownerID)),
             "date": .number(date.timeIntervalSince1970.rounded(.down)), "is_enabled": .bool(isEnabled),
             "can_reply": .bool(canReply),
             "rights": ["can_reply": .bool(canReply), "can_read_messages": .bool(canReadMessages),
                        "can_delete_sent_messages": true, "can_delete_all_messages": false, "can_edit_name": false,
                        "can_edit_bio": false, "can_edit_profile_photo": false, "can_edit_username": false,
                        "can_change_gift_settings": false, "can_view_gifts_and_stars": false,
                        "can_convert_gifts_to_stars": false, "can_transfer_and_upgrade_gifts": false,
                        "can_transfer_stars": false, "can_manage_stories": false]]
        }
    }

    /// The webhook a bot has set.
    struct Webhook: Equatable {
        var url: String
        var secretToken: String?
        var maxConnections: Int
    }

    /// A `getUpdates` call waiting for an update.
    struct Poll {
        var id: Int
        var continuation: CheckedContinuation<PollEnd, Never>
    }

    /// How a waiting `getUpdates` ends.
    enum PollEnd: Sendable {
        /// Answered without waiting.
        case answered(Reply)
        case woken
        case timedOut
        case conflict(String)
    }

    /// A simulated failure of the next sends.
    struct SendFailure {
        var status: Int
        var retryAfter: Int
    }

    /// Everything about one bot.
    struct Bot {
        var id: Int64
        var username: String
        var firstName: String
        var token: String
        var canConnectToBusiness: Bool
        var revoked = false

        var updates: [QueuedUpdate] = []
        var nextUpdateID = Int.random(in: 100_000_000...800_000_000)
        /// `nil`: the default set (every type but `chat_member`, `message_reaction`, `message_reaction_count`).
        var allowedUpdates: [String]?
        var webhook: Webhook?
        /// Bumped by every change of the webhook, so that deliveries of an old one stop.
        var webhookGeneration = 0
        var lastSetWebhook: ContinuousClock.Instant?
        var lastErrorDate: Date?
        var lastErrorMessage: String?
        /// Update ids being delivered to the current webhook, and the order keys they hold (emptied when the webhook changes).
        var delivering: [Int: String] = [:]
        var poll: Poll?

        var chats: [ChatKey: Chat] = [:]
        var connections: [String: BusinessConnection] = [:]
        var files: [String: StoredFile] = [:]
        var nextFileNumber = 1

        var blockedUsers: Set<Int64> = []
        var sendFailures: [SendFailure] = []
        var outage = false
        var failingDeliveries = 0
        var calls: [String: Int] = [:]
        var chatActions: [Int64: [String]] = [:]

        /// The bot as a `User`.
        var user: JSONValue {
            ["id": .number(Double(id)), "is_bot": true, "first_name": .string(firstName), "username": .string(username)]
        }

        /// Whether an update of `type` is queued under the current `allowed_updates`.
        func allows(_ type: String) -> Bool {
            guard let allowedUpdates, !allowedUpdates.isEmpty else {
                return !["chat_member", "message_reaction", "message_reaction_count"].contains(type)
            }
            return allowedUpdates.contains(type)
        }
    }

    /// The state of every bot, keyed by bot id.
    struct State {
        var bots: [Int64: Bot] = [:]
        var nextPollID = 1
    }
}
