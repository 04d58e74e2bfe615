import Foundation
import SaudaCore

/// One `Update` of the Bot API, with the payloads Sauda reads; other payloads are kept by name only (Telegram adds
/// fields and update kinds in every release, and unknown ones are ignored).
public struct TelegramUpdate: Sendable, Hashable {
    /// What the update carries.
    public enum Payload: Sendable, Hashable {
        /// A message to the bot (`message`).
        case message(TelegramMessage)
        /// A new version of a message to the bot (`edited_message`).
        case editedMessage(TelegramMessage)
        /// A message in a chat of an account connected through Telegram Business (`business_message`).
        case businessMessage(TelegramMessage)
        /// A new version of such a message (`edited_business_message`).
        case editedBusinessMessage(TelegramMessage)
        /// The owner connected, changed or disconnected the bot (`business_connection`).
        case businessConnection(TelegramBusinessConnection)
        /// The bot's membership of a chat changed (`my_chat_member`): in a private chat, `kicked` is the customer blocking
        /// the bot and `member` starting it again.
        case myChatMember(chatID: Int64, chatType: String, status: String)
        /// Any other kind, by its field name (`my_chat_member`, `deleted_business_messages`, …).
        case other(String)
    }

    /// `update_id`: increasing per bot.
    public var updateID: Int64
    /// The payload.
    public var payload: Payload

    /// Creates an update.
    public init(updateID: Int64, payload: Payload) {
        self.updateID = updateID
        self.payload = payload
    }

    /// Why an update cannot be read at all.
    public struct Unreadable: Error, Sendable, CustomStringConvertible {
        /// What is wrong.
        public var description: String
    }

    /// Reads an update object. A payload that is not as Telegram writes it still reads as an update (its id is
    /// confirmed, so it is not delivered again) whose payload is `.other("invalid …")`.
    /// - Throws: ``Unreadable`` when it is no object or has no numeric `update_id`.
    public static func parse(_ json: JSONValue) throws(Unreadable) -> TelegramUpdate {
        guard json.objectValue != nil else { throw Unreadable(description: "an update must be a JSON object") }
        guard let id = json["update_id"]?.int64Value else { throw Unreadable(description: "«update_id» must be a whole number") }
        let messageKinds: [(String, @Sendable (TelegramMessage) -> Payload)] = [
            ("message", Payload.message), ("edited_message", Payload.editedMessage), ("business_message", Payload.businessMessage),
            ("edited_business_message", Payload.editedBusinessMessage),
        ]
        for (field, make) in messageKinds {
            guard let value = json[field] else { continue }
            guard let message = TelegramMessage(value) else { return TelegramUpdate(updateID: id, payload: .other("invalid \(field)")) }
            return TelegramUpdate(updateID: id, payload: make(message))
        }
        if let value = json["my_chat_member"] {
            guard let chatID = value["chat"]?["id"]?.int64Value, let status = value["new_chat_member"]?["status"]?.stringValue else {
                return TelegramUpdate(updateID: id, payload: .other("invalid my_chat_member"))
            }
            return TelegramUpdate(updateID: id, payload: .myChatMember(chatID: chatID, chatType: value["chat"]?["type"]?.stringValue ?? "private",
                                                                      status: status))
        }
        if let value = json["business_connection"] {
            guard let connection = TelegramBusinessConnection(value) else {
                return TelegramUpdate(updateID: id, payload: .other("invalid business_connection"))
            }
            return TelegramUpdate(updateID: id, payload: .businessConnection(connection))
        }
        let kind = json.objectValue?.keys.filter { $0 != "update_id" }.sorted().first ?? "empty"
        return TelegramUpdate(updateID: id, payload: .other(kind))
    }
}

/// A Telegram user (`User`).
public struct TelegramUser: Sendable, Hashable {
    /// The user's id.
    public var id: Int64
    /// Whether it is a bot.
    public var isBot: Bool
    /// First name.
    public var firstName: String
    /// Last name.
    public var lastName: String?
    /// Username, without the `@`.
    public var username: String?

    /// The name to show: first and last.
    public var displayName: String { [firstName, lastName ?? ""].filter { !$0.isEmpty }.joined(separator: " ") }

    init?(_ json: JSONValue?) {
        guard let json, let id = json["id"]?.int64Value else { return nil }
        self.id = id
        isBot = json["is_bot"]?.boolValue ?? false
        firstName = json["first_name"]?.stringValue ?? ""
        lastName = json["last_name"]?.stringValue
        username = json["username"]?.stringValue
    }

    /// Creates a user.
    public init(id: Int64, isBot: Bool = false, firstName: String, lastName: String? = nil, username: String? = nil) {
        self.id = id
        self.isBot = isBot
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
    }
}

/// A link of the owner's account to the bot (`BusinessConnection`).
public struct TelegramBusinessConnection: Sendable, Hashable {
    /// `id`: the `business_connection_id` of its chats.
    public var id: String
    /// The owner.
    public var user: TelegramUser
    /// Whether it stands (`is_enabled`; false once disconnected).
    public var isEnabled: Bool
    /// Whether the bot may reply in the owner's chats (`rights.can_reply`, or the deprecated top-level `can_reply`).
    public var canReply: Bool

    init?(_ json: JSONValue) {
        guard let id = json["id"]?.stringValue, TelegramChat.isBusinessConnectionID(id), let user = TelegramUser(json["user"]) else { return nil }
        self.id = id
        self.user = user
        isEnabled = json["is_enabled"]?.boolValue ?? false
        canReply = json["rights"]?["can_reply"]?.boolValue ?? json["can_reply"]?.boolValue ?? false
    }
}

extension JSONValue {
    /// A whole number that fits Int64 exactly (Telegram's ids stay within 52 bits).
    var int64Value: Int64? {
        guard let number = numberValue, number.rounded() == number, abs(number) < 9.0e15 else { return nil }
        return Int64(number)
    }
}
