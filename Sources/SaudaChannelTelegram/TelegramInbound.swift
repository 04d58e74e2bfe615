import Foundation
import Logging
import SaudaChannels
import SaudaCore
import SaudaStore

/// Telegram's side of the inbound seam: turns a bot's updates (one webhook post, or a poll) into ``InboundEvent``s and
/// hands them to the channel-agnostic ``InboundGateway``, which records them before Telegram is answered or the poll's
/// offset moves. Only Telegram's vocabulary lives here:
///
/// - `message` in a private chat is a customer's: a text, a voice note or audio (its `file_id` goes to the
///   transcriber, which downloads it with `getFile`), a contact shared (the phone number is kept on the contact when it
///   is the sender's own), a photo, document, … (an attachment with its caption). `/start` is the customer pressing
///   «Start»: it reads as a greeting, and its deep-link payload (`/start promo_42`) is kept as the lead's source.
/// - Groups, supergroups and channels are dropped (`group`), and so are messages of other bots (`bot`).
/// - `edited_message` is recorded as an edit and never answered again (the message was answered as first sent).
/// - `business_message` is a message in a chat of the owner's own account (Telegram Business): the customer's when its
///   sender is the chat's user, the owner's otherwise (the owner takes the chat over, as when writing from the phone on
///   WhatsApp); the bot's own sends come back with `sender_business_bot` and are dropped (`own_echo`). A customer's
///   message in a chat where the bot may not reply (`can_reply` off, or the owner disconnected it) is dropped
///   (`cannot_reply`): it stays the owner's conversation.
/// - `business_connection` updates the connection's record of the owner's account.
/// - `my_chat_member` in a private chat: `kicked` is the customer blocking the bot (the contact turns unreachable and
///   its follow-ups end), `member` starting it again.
/// - Other updates (`deleted_business_messages`, …) are dropped by name.
///
/// Keys (``TelegramChat``): a chat is `<bot>:<chat>` or `<bot>:<business connection>:<chat>`, a message its chat's key
/// and `message_id`, so the same customer writing to two bots, or to the bot and to the owner, are separate
/// conversations, and a redelivered update is a duplicate.
public struct TelegramInbound: Sendable {
    let gateway: InboundGateway
    let accounts: TelegramBusinessAccounts

    /// The bot whose updates are recorded.
    public struct Bot: Sendable, Hashable {
        /// Its business.
        public var tenantID: String
        /// Its channel connection.
        public var connectionID: String
        /// Its user id.
        public var botID: Int64
        /// How long it stays silent in an owner's chat after the owner wrote in it.
        public var humanPause: Duration

        /// Creates a bot description.
        public init(tenantID: String, connectionID: String, botID: Int64, humanPause: Duration = .seconds(3600)) {
            self.tenantID = tenantID
            self.connectionID = connectionID
            self.botID = botID
            self.humanPause = humanPause
        }
    }

    /// Creates the adapter over the shared gateway.
    public init(gateway: InboundGateway, accounts: TelegramBusinessAccounts) {
        self.gateway = gateway
        self.accounts = accounts
    }

    /// Records the updates of one webhook post or poll: business connections are stored first, then every other update
    /// in one transaction.
    /// - Parameter client: the bot's client, to ask Telegram of a business connection not known yet.
    /// - Throws: ``GatewayError`` (`.queueFull`: nothing is recorded, the caller lets Telegram deliver again); a
    ///   ``TelegramError`` or store error when a business connection named could not be read now (nothing recorded).
    public func accept(_ updates: [TelegramUpdate], bot: Bot, client: TelegramClient?, now: Date = Date()) async throws -> InboundOutcome {
        var answering: [String: Bool] = [:]
        for update in updates {
            switch update.payload {
            case .businessConnection(let connection):
                try await accounts.save(connection, connectionID: bot.connectionID, tenantID: bot.tenantID, now: now)
                answering[connection.id] = connection.isEnabled && connection.canReply
            case .businessMessage(let message):
                guard let id = message.businessConnectionID, answering[id] == nil else { continue }
                let account = try await accounts.account(connectionID: bot.connectionID, tenantID: bot.tenantID, accountID: id, client: client, now: now)
                answering[id] = account?.answers ?? false
            default:
                continue
            }
        }
        let events = updates.map { Self.event(of: $0, botID: bot.botID, answering: answering) }
        return try await gateway.accept(tenantID: bot.tenantID, channel: .telegram, events: events, connectionID: bot.connectionID,
                                        humanPause: bot.humanPause, now: now)
    }

    /// The inbound event an update stands for.
    /// - Parameter answering: whether Sauda answers in the chats of each business connection the updates name.
    static func event(of update: TelegramUpdate, botID: Int64, answering: [String: Bool] = [:]) -> InboundEvent {
        switch update.payload {
        case .message(let message):
            return customerEvent(message, chat: TelegramChat(botID: botID, chatID: message.chatID))
        case .editedMessage(let message):
            return edit(message, chat: TelegramChat(botID: botID, chatID: message.chatID))
        case .businessMessage(let message), .editedBusinessMessage(let message):
            guard let connection = message.businessConnectionID, TelegramChat.isBusinessConnectionID(connection) else {
                return .refused(InboundViolation(.invalid, field: "business_connection_id", "must be Telegram's id of a business connection",
                                                 eventID: "\(update.updateID)"))
            }
            let chat = TelegramChat(botID: botID, businessConnectionID: connection, chatID: message.chatID)
            if message.sentByBusinessBot { return .dropped(reason: "own_echo") }
            if !message.isPrivate { return .dropped(reason: "group") }
            if let sender = message.from?.id, sender != message.chatID {
                // Someone of the business (the owner) wrote in the customer's chat.
                if case .editedBusinessMessage = update.payload { return .dropped(reason: "edited") }
                return .businessMessage(InboundBusinessMessage(id: chat.messageKey(message.messageID), chatID: chat.description, phoneNumber: nil,
                                                               text: Self.text(of: message), sentAt: message.date, origin: .person))
            }
            if case .editedBusinessMessage = update.payload { return edit(message, chat: chat) }
            guard answering[connection] == true else { return .dropped(reason: "cannot_reply") }
            return customerEvent(message, chat: chat)
        case .businessConnection:
            return .dropped(reason: "business_connection")
        case .myChatMember(let chatID, let chatType, let status):
            guard chatType == "private", ["kicked", "member"].contains(status) else { return .dropped(reason: "my_chat_member") }
            return .reachability(InboundReachability(chatID: TelegramChat(botID: botID, chatID: chatID).description, reachable: status == "member",
                                                     reason: "blocked the bot on Telegram"))
        case .other(let kind):
            if kind.hasPrefix("invalid ") {
                let field = String(kind.dropFirst("invalid ".count))
                return .refused(InboundViolation(.invalid, field: field, "is not a Telegram \(field) (no message_id, chat.id or date)",
                                                 eventID: "\(update.updateID)"))
            }
            return .dropped(reason: kind)
        }
    }

    /// A customer's message in `chat`.
    static func customerEvent(_ message: TelegramMessage, chat: TelegramChat) -> InboundEvent {
        guard message.isPrivate else { return .dropped(reason: "group") }
        if message.from?.isBot == true { return .dropped(reason: "bot") }
        let content: InboundCustomerMessage.Content
        var startParameter: String?
        var sharedPhone: String?
        if let audio = message.voice ?? message.audio {
            content = .voiceNote(InboundVoiceNote(audioBase64: nil, link: nil, mimeType: audio.mimeType ?? "audio/ogg", mediaID: audio.fileID))
        } else if let phone = message.contactPhoneNumber {
            let digits = phone.filter(\.isNumber)
            if message.contactUserID != nil, message.contactUserID == message.from?.id, InboundLimits.isPhoneNumber(digits) { sharedPhone = digits }
            content = .attachment(kind: "vcard", caption: digits.isEmpty ? phone : "+" + digits)
        } else if let kind = message.attachmentKind {
            // A service message (a pin, a payment, write access allowed, …) carries nothing to answer.
            if kind == "other", message.caption == nil { return .dropped(reason: "service") }
            content = .attachment(kind: kind, caption: message.caption)
        } else if let text = message.text {
            if let start = Self.startCommand(text) {
                startParameter = start.isEmpty ? nil : start
                content = .text(greeting)
            } else {
                content = .text(text)
            }
        } else {
            return .dropped(reason: "other_event")
        }
        var customer = InboundCustomerMessage(
            id: chat.messageKey(message.messageID), chatID: chat.description, phoneNumber: nil, senderName: message.from?.displayName,
            contactInfo: message.from.map { ContactInfo(firstName: $0.firstName, fullName: $0.displayName) }, sentAt: message.date, content: content)
        customer.username = message.from?.username
        customer.startParameter = startParameter
        customer.sharedPhoneNumber = sharedPhone
        return .customerMessage(customer)
    }

    /// A customer's edit of an earlier message (of its text or caption).
    static func edit(_ message: TelegramMessage, chat: TelegramChat) -> InboundEvent {
        guard message.isPrivate else { return .dropped(reason: "group") }
        guard let text = message.text ?? message.caption else { return .dropped(reason: "edited") }
        return .customerEdit(InboundMessageEdit(id: chat.messageKey(message.messageID), chatID: chat.description, text: text,
                                                editedAt: message.editDate ?? message.date))
    }

    /// What the customer reads as having pressed «Start»: a greeting the agent answers.
    static let greeting = "Здравствуйте!"

    /// The payload of a `/start` command (`""` without one); `nil` for any other text. `/start@bot_name` counts too.
    static func startCommand(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("/start") else { return nil }
        let rest = trimmed.dropFirst("/start".count)
        guard rest.isEmpty || rest.first == " " || rest.first == "@" else { return nil }
        let afterName = rest.first == "@" ? rest.drop { !$0.isWhitespace } : rest
        return afterName.trimmingCharacters(in: .whitespaces)
    }

    /// The conversation text of a message of the owner: its text, caption, or attachment placeholder.
    static func text(of message: TelegramMessage) -> String {
        if let text = message.text { return text }
        if message.voice != nil || message.audio != nil { return VoiceNoteText.untranscribed }
        return MediaNoteText.text(type: message.attachmentKind ?? "other", caption: message.caption)
    }
}
