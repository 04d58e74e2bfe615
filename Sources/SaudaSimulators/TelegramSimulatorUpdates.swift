import Foundation
import Logging
import SaudaCore
import Synchronization

/// The update queue: what customers do becomes updates, and `getUpdates` takes them (long polling included).
extension TelegramSimulator {
    /// A simulated Telegram user writing to a bot.
    struct Customer {
        var id: Int64
        var firstName: String
        var lastName: String? = nil
        var username: String? = nil
        var languageCode: String? = nil

        /// The `User` object.
        var user: JSONValue {
            var user: [String: JSONValue] = ["id": .number(Double(id)), "is_bot": false, "first_name": .string(firstName)]
            if let lastName { user["last_name"] = .string(lastName) }
            if let username { user["username"] = .string(username) }
            if let languageCode { user["language_code"] = .string(languageCode) }
            return .object(user)
        }

        /// The `Chat` object of the user's private chat.
        var privateChat: JSONValue {
            var chat: [String: JSONValue] = ["id": .number(Double(id)), "type": "private", "first_name": .string(firstName)]
            if let lastName { chat["last_name"] = .string(lastName) }
            if let username { chat["username"] = .string(username) }
            return .object(chat)
        }
    }

    /// Stores a customer's message in their private chat (a business chat when `businessConnectionID` is given) and
    /// queues it as a `message` or `business_message`; `content` adds the text or media (and may store files).
    /// - Returns: the message id, 0 when the bot (or the business connection) is unknown.
    func customerMessage(botID: Int64, sender: Customer, date: Date, businessConnectionID: String?,
                         content: (inout Bot) -> [String: JSONValue]) async -> Int {
        let key = ChatKey(businessConnectionID: businessConnectionID, chatID: sender.id)
        let result = state.withLock { state -> (Int, Poll?)? in
            guard var bot = state.bots[botID] else { return nil }
            if let businessConnectionID, bot.connections[businessConnectionID] == nil { return nil }
            // A user who blocked the bot unblocks it to write to it again (Telegram's «Restart»), which Telegram reports first.
            var restarted: Poll?
            if businessConnectionID == nil, bot.blockedUsers.remove(sender.id) != nil {
                restarted = Self.enqueueMembership(of: sender.id, key: key, from: "kicked", to: "member", in: &bot)
            }
            var chat = bot.chats[key] ?? Chat(info: sender.privateChat)
            let id = chat.takeMessageID()
            var message = content(&bot)
            message["message_id"] = .number(Double(id))
            message["date"] = .number(date.timeIntervalSince1970.rounded(.down))
            message["chat"] = chat.info
            message["from"] = sender.user
            if let businessConnectionID { message["business_connection_id"] = .string(businessConnectionID) }
            chat.messages[id] = .object(message)
            chat.lastIncoming = max(chat.lastIncoming ?? .distantPast, date)
            bot.chats[key] = chat
            let poll = Self.enqueue(businessConnectionID == nil ? "message" : "business_message", .object(message),
                                    orderKey: Self.orderKey(key), in: &bot)
            state.bots[botID] = bot
            // The long poll woken by the first update queued, whichever it was.
            return (id, poll ?? restarted)
        }
        guard let result else {
            logger.warning("customer message to an unknown bot or business connection", metadata: ["bot": "\(botID)"])
            return 0
        }
        updateQueued(botID: botID, poll: result.1)
        return result.0
    }

    /// Queues an update of `type` when `allowed_updates` lets it through; returns the long poll to wake.
    static func enqueue(_ type: String, _ payload: JSONValue?, raw: [String: JSONValue]? = nil, orderKey: String, in bot: inout Bot) -> Poll? {
        guard bot.allows(type) else { return nil }
        let id = bot.nextUpdateID
        bot.nextUpdateID += 1
        var json = raw ?? [:]
        if let payload { json[type] = payload }
        json["update_id"] = .number(Double(id))
        bot.updates.append(QueuedUpdate(id: id, type: type, json: .object(json), orderKey: orderKey))
        defer { bot.poll = nil }
        return bot.poll
    }

    /// The key webhook deliveries of a chat are ordered by.
    static func orderKey(_ key: ChatKey) -> String {
        "\(key.businessConnectionID ?? "-"):\(key.chatID)"
    }

    /// After an update was queued: wakes the waiting long poll and starts webhook deliveries.
    func updateQueued(botID: Int64, poll: Poll?) {
        poll?.continuation.resume(returning: .woken)
        startDeliveries(botID: botID)
    }

    /// Stores a file for `getFile` and the download route.
    static func storeFile(_ data: Data, folder: String, suffix: String, in bot: inout Bot) -> StoredFile {
        let number = bot.nextFileNumber
        bot.nextFileNumber += 1
        let name = suffix.isEmpty ? "file_\(number)" : "file_\(number).\(suffix)"
        let file = StoredFile(fileID: "AgAC\(bot.id % 10_000)\(randomText(40))", uniqueID: "AQAD\(randomText(12))", path: "\(folder)/\(name)",
                              data: data)
        bot.files[file.fileID] = file
        return file
    }

    // MARK: getUpdates

    /// `getUpdates`: confirms by offset, returns what is queued, or waits up to `timeout` seconds (at most 50) for an update.
    func getUpdates(botID: Int64, _ parameters: Parameters) async -> Reply {
        let offset = parameters.int("offset")
        let limit = min(max(parameters.int("limit") ?? 100, 1), 100)
        let timeout = min(max(parameters.int("timeout") ?? 0, 0), 50)
        let allowed = parameters.array("allowed_updates")?.compactMap(\.stringValue)
        let terminated = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
        let pollID = state.withLock { state in
            defer { state.nextPollID += 1 }
            return state.nextPollID
        }
        // A poll whose request is cancelled (the server stopping) ends at once rather than at its timeout.
        let end = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<PollEnd, Never>) in
                let (answer, displaced) = state.withLock { state -> (Reply?, Poll?) in
                    guard var bot = state.bots[botID] else { return (.unauthorized, nil) }
                    if bot.webhook != nil {
                        return (.error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"),
                                nil)
                    }
                    if let allowed { bot.allowedUpdates = allowed }
                    Self.confirm(offset: offset, in: &bot)
                    let displaced = bot.poll
                    bot.poll = nil
                    defer { state.bots[botID] = bot }
                    if !bot.updates.isEmpty || timeout == 0 || Task.isCancelled {
                        return (.result(.array(bot.updates.prefix(limit).map(\.json))), displaced)
                    }
                    bot.poll = Poll(id: pollID, continuation: continuation)
                    return (nil, displaced)
                }
                displaced?.continuation.resume(returning: .conflict(terminated))
                if let answer {
                    continuation.resume(returning: .answered(answer))
                    return
                }
                Task {
                    try? await Task.sleep(for: .seconds(timeout))
                    self.endPoll(botID: botID, pollID: pollID, with: .timedOut)
                }
            }
        } onCancel: {
            self.endPoll(botID: botID, pollID: pollID, with: .timedOut)
        }
        switch end {
        case .answered(let reply): return reply
        case .conflict(let text): return .error(409, text)
        case .woken, .timedOut:
            return state.withLock { state in
                guard let bot = state.bots[botID] else { return .unauthorized }
                return .result(.array(bot.updates.prefix(limit).map(\.json)))
            }
        }
    }

    /// Ends the waiting long poll `pollID` (when it still waits).
    func endPoll(botID: Int64, pollID: Int, with end: PollEnd) {
        let poll = state.withLock { state -> Poll? in
            guard let poll = state.bots[botID]?.poll, poll.id == pollID else { return nil }
            state.bots[botID]?.poll = nil
            return poll
        }
        poll?.continuation.resume(returning: end)
    }

    /// Deletes the updates an offset confirms: below a positive offset, or all but the last N for `-N`.
    static func confirm(offset: Int?, in bot: inout Bot) {
        guard let offset, offset != 0 else { return }
        if offset < 0 {
            bot.updates = Array(bot.updates.suffix(-offset))
        } else {
            bot.updates.removeAll { $0.id < offset }
        }
    }
}
