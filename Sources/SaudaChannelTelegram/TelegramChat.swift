import Foundation

/// A Telegram chat as Sauda keys it: the bot, the Telegram Business connection when the chat is the owner's own
/// (a separate space from the bot's chats, even for the same user) and Telegram's chat id.
///
/// Written `<bot id>:<chat id>` for a chat with the bot and `<bot id>:<business connection id>:<chat id>` for a chat
/// of the owner's account, so that two bots of a business, and a customer's chat with the bot and with the owner, are
/// different conversations. A message's provider id is its chat's key, a colon and Telegram's `message_id`, which is
/// unique only within its chat.
public struct TelegramChat: Sendable, Hashable, CustomStringConvertible {
    /// The bot's user id.
    public var botID: Int64
    /// The Telegram Business connection (`business_connection_id`), for a chat of the owner's account.
    public var businessConnectionID: String?
    /// Telegram's chat id (a private chat's is the customer's user id).
    public var chatID: Int64

    /// Creates a chat key.
    public init(botID: Int64, businessConnectionID: String? = nil, chatID: Int64) {
        self.botID = botID
        self.businessConnectionID = businessConnectionID
        self.chatID = chatID
    }

    /// Reads a key written by ``description``; `nil` for another text.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, let bot = Int64(parts[0]), let chat = Int64(parts[parts.count - 1]) else { return nil }
        let business = parts.count == 3 ? String(parts[1]) : nil
        if let business, !Self.isBusinessConnectionID(business) { return nil }
        self.init(botID: bot, businessConnectionID: business, chatID: chat)
    }

    /// The key as Sauda stores it.
    public var description: String {
        if let businessConnectionID { return "\(botID):\(businessConnectionID):\(chatID)" }
        return "\(botID):\(chatID)"
    }

    /// The provider id of the message `messageID` of this chat.
    public func messageKey(_ messageID: Int) -> String { "\(description):\(messageID)" }

    /// Telegram's `message_id` of a provider id written by ``messageKey(_:)``; `nil` for another text.
    public static func messageID(ofKey key: String) -> Int? {
        guard let last = key.split(separator: ":").last, key.contains(":") else { return nil }
        return Int(last)
    }

    /// Whether a business connection id can stand in a key: 1–128 characters of base64url (Telegram's form).
    static func isBusinessConnectionID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 128 && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
    }
}
