import Foundation
import SaudaCore

/// A stored message of a conversation (`messages`, in the earlier system's table layout).
public struct StoredMessage: Sendable, Hashable, Codable {
    /// Row id.
    public var id: Int64
    /// The contact.
    public var contactID: Int64
    /// Provider message id for customer messages; generated id for bot messages.
    public var messageID: String
    /// The text.
    public var text: String
    /// Who wrote it.
    public var author: ConversationMessage.Author
    /// Whether it was a voice note.
    public var isVoice: Bool
    /// When it was written.
    public var timestamp: Date
    /// For bot messages: provider id of the customer message it answers.
    public var replyToMessageID: String?
    /// For customer messages: row id of the bot message that answered it.
    public var answeredBy: Int64?
    /// For customer messages: when a turn took it.
    public var handledAt: Date?
    /// For bot messages: queued / sent / delivered / failed.
    public var deliveryStatus: String?
    /// For the last customer message of a turn: how it answered the bot and who read it.
    public var intent: IntentReading?

    /// The message as the agent's history sees it.
    public var conversationMessage: ConversationMessage {
        ConversationMessage(author: author, text: text, sentAt: timestamp)
    }
}

/// A customer message to store.
public struct NewCustomerMessage: Sendable, Hashable {
    /// Provider message id.
    public var messageID: String
    /// The text (transcript for voice notes).
    public var text: String
    /// Whether it was a voice note.
    public var isVoice: Bool
    /// When the customer sent it.
    public var sentAt: Date
    /// The channel connection (the business's number) it came in on, when known.
    public var connection: String?

    /// Creates a message.
    public init(messageID: String, text: String, isVoice: Bool, sentAt: Date, connection: String? = nil) {
        self.messageID = messageID
        self.text = text
        self.isVoice = isVoice
        self.sentAt = sentAt
        self.connection = connection
    }
}

/// Messages of every conversation.
public struct MessageRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    static let columns = """
        id, contact_id, message_id, message_text, author, is_voice, timestamp, reply_to_message_id, answered_by,
        handled_at, delivery_status, reply_intent, intent_source, intent_model
        """

    static func decode(_ row: SQLRow) throws(StoreError) -> StoredMessage {
        StoredMessage(
            id: try row.int("id"), contactID: try row.int("contact_id"), messageID: try row.string("message_id"),
            text: try row.string("message_text"),
            author: ConversationMessage.Author(rawValue: try row.string("author")) ?? .customer,
            isVoice: row.bool("is_voice"), timestamp: try row.date("timestamp"),
            replyToMessageID: row.optionalString("reply_to_message_id"), answeredBy: row.optionalInt("answered_by"),
            handledAt: row.optionalDate("handled_at"), deliveryStatus: row.optionalString("delivery_status"),
            intent: intentReading(row))
    }

    /// The stored reading of a message, `nil` when it has none (or a value this version does not know).
    private static func intentReading(_ row: SQLRow) -> IntentReading? {
        guard let intent = row.optionalString("reply_intent").flatMap(ReplyIntent.init(rawValue:)),
              let source = row.optionalString("intent_source").flatMap(IntentReading.Source.init(rawValue:)) else { return nil }
        return IntentReading(intent: intent, source: source, model: row.optionalString("intent_model"))
    }

    /// Stores how a customer message answered the bot and who read it.
    public func recordIntent(_ reading: IntentReading, contactID: Int64, messageID: String) async throws(StoreError) {
        _ = try await sql.query("""
            UPDATE messages SET reply_intent = ?, intent_source = ?, intent_model = ?
            WHERE contact_id = ? AND message_id = ? AND author = 'customer'
            """, [.text(reading.intent.rawValue), .text(reading.source.rawValue), .text(reading.model), .int(contactID),
                  .text(messageID)])
    }

    /// Stores customer messages; a message already stored (same provider id) is kept as it is.
    /// - Returns: the stored rows of all the given messages, in the given order.
    public func storeCustomerMessages(_ messages: [NewCustomerMessage], contact: Contact) async throws(StoreError) -> [StoredMessage] {
        var stored: [StoredMessage] = []
        for message in messages {
            let inserted = try await sql.query("""
                INSERT INTO messages (tenant_id, contact_id, phone_number, message_id, message_text, is_from_bot, author,
                    is_voice, voice_transcription, timestamp)
                VALUES (?, ?, ?, ?, ?, ?, 'customer', ?, ?, ?)
                ON CONFLICT (contact_id, message_id) DO NOTHING
                RETURNING \(Self.columns)
                """, [.text(contact.key.tenantID), .int(contact.id), .text(contact.phoneNumber), .text(message.messageID),
                      .text(message.text), .bool(false), .bool(message.isVoice),
                      message.isVoice ? .text(message.text) : .null, .date(message.sentAt)])
            if let row = inserted.first {
                stored.append(try Self.decode(row))
            } else if let existing = try await find(contactID: contact.id, messageID: message.messageID) {
                stored.append(existing)
            }
        }
        return stored
    }

    /// The latest `limit` messages of a contact, oldest first.
    public func recent(contactID: Int64, limit: Int) async throws(StoreError) -> [StoredMessage] {
        let rows = try await sql.query("SELECT \(Self.columns) FROM messages WHERE contact_id = ? ORDER BY id DESC LIMIT \(SQLLimit.literal(limit))",
                                       [.int(contactID)])
        var messages: [StoredMessage] = []
        for row in rows.reversed() { messages.append(try Self.decode(row)) }
        return messages
    }

    /// Every message of a contact, oldest first, after the row id `afterID` (0 for all), at most `limit`.
    public func conversation(contactID: Int64, afterID: Int64 = 0, limit: Int = 1000) async throws(StoreError) -> [StoredMessage] {
        let rows = try await sql.query(
            "SELECT \(Self.columns) FROM messages WHERE contact_id = ? AND id > ? ORDER BY id LIMIT \(SQLLimit.literal(limit))",
            [.int(contactID), .int(afterID)])
        var messages: [StoredMessage] = []
        for row in rows { messages.append(try Self.decode(row)) }
        return messages
    }

    /// How many messages the customer has written in this conversation (the moderator waits for enough).
    public func customerMessagesCount(contactID: Int64) async throws(StoreError) -> Int {
        let rows = try await sql.query("SELECT COUNT(*) AS n FROM messages WHERE contact_id = ? AND author = 'customer'",
                                       [.int(contactID)])
        return Int(rows.first?.optionalInt("n") ?? 0)
    }

    /// Marks customer messages as handled by a turn (with or without a reply). Only messages not
    /// handled before are taken, so two turns can never both handle one message.
    /// - Returns: the ids taken now.
    public func markHandled(ids: [Int64], answeredBy: Int64?, now: Date) async throws(StoreError) -> [Int64] {
        guard !ids.isEmpty else { return [] }
        let list = SQLPlaceholders.list(ids.count)
        let rows = try await sql.query("""
            UPDATE messages SET handled_at = ?, answered_by = ? WHERE id IN (\(list)) AND handled_at IS NULL RETURNING id
            """, [.date(now), .int(answeredBy)] + ids.map(SQLValue.int))
        return rows.compactMap { $0.optionalInt("id") }
    }

    /// Stores a bot reply.
    public func storeBotReply(contact: Contact, messageID: String, text: String, replyTo: String?,
                              now: Date) async throws(StoreError) -> StoredMessage {
        let rows = try await sql.query("""
            INSERT INTO messages (tenant_id, contact_id, phone_number, message_id, message_text, is_from_bot, author,
                is_voice, timestamp, reply_to_message_id, delivery_status)
            VALUES (?, ?, ?, ?, ?, ?, 'bot', ?, ?, ?, 'queued')
            RETURNING \(Self.columns)
            """, [.text(contact.key.tenantID), .int(contact.id), .text(contact.phoneNumber), .text(messageID), .text(text),
                  .bool(true), .bool(false), .date(now), .text(replyTo)])
        guard let row = rows.first else { throw StoreError(.statement, "bot reply was not stored") }
        return try Self.decode(row)
    }

    /// Stores a message a person of the business wrote: in the chat themselves (the owner typing on the phone: it
    /// is `sent` already), or from the console (`queued`: the sender records how it went out, as for a bot reply).
    /// - Returns: `nil` when a message with that id was stored before.
    @discardableResult
    public func storeHumanMessage(contact: Contact, messageID: String, text: String, sentAt: Date,
                                  deliveryStatus: String = "sent") async throws(StoreError) -> StoredMessage? {
        let rows = try await sql.query("""
            INSERT INTO messages (tenant_id, contact_id, phone_number, message_id, message_text, is_from_bot, author,
                is_voice, timestamp, delivery_status)
            VALUES (?, ?, ?, ?, ?, ?, 'human', ?, ?, ?)
            ON CONFLICT DO NOTHING
            RETURNING \(Self.columns)
            """, [.text(contact.key.tenantID), .int(contact.id), .text(contact.phoneNumber), .text(messageID), .text(text),
                  .bool(false), .bool(false), .date(sentAt), .text(deliveryStatus)])
        return try rows.first.map(Self.decode)
    }

    /// Records the delivery status of a bot message by its message id.
    /// - Returns: whether the status changed (false when it already had it).
    @discardableResult
    public func setDeliveryStatus(contactKey: ConversationKey, messageID: String, status: String) async throws(StoreError) -> Bool {
        let rows = try await sql.query("""
            UPDATE messages SET delivery_status = ?
            WHERE message_id = ? AND (delivery_status IS NULL OR delivery_status <> ?)
              AND contact_id = (SELECT id FROM contacts WHERE tenant_id = ? AND channel = ? AND chat_id = ?)
            RETURNING id
            """, [.text(status), .text(messageID), .text(status), .text(contactKey.tenantID),
                  .text(contactKey.channel.rawValue), .text(contactKey.chatID)])
        return !rows.isEmpty
    }

    /// Shows a customer's message as they edited it: its stored text becomes `text` (the message log keeps the first
    /// one). Nothing when the message is not stored (yet).
    @discardableResult
    public func recordEdit(contactKey: ConversationKey, messageID: String, text: String) async throws(StoreError) -> Bool {
        let rows = try await sql.query("""
            UPDATE messages SET message_text = ?
            WHERE message_id = ? AND is_from_bot = \(sql.dialect.false) AND message_text <> ?
              AND contact_id = (SELECT id FROM contacts WHERE tenant_id = ? AND channel = ? AND chat_id = ?)
            RETURNING id
            """, [.text(text), .text(messageID), .text(text), .text(contactKey.tenantID), .text(contactKey.channel.rawValue),
                  .text(contactKey.chatID)])
        return !rows.isEmpty
    }

    /// Whether the bot stored a message with this text in the chat since `since`.
    public func hasBotMessage(contactKey: ConversationKey, text: String, since: Date) async throws(StoreError) -> Bool {
        let rows = try await sql.query("""
            SELECT 1 AS found FROM messages m JOIN contacts c ON c.id = m.contact_id
            WHERE c.tenant_id = ? AND c.channel = ? AND c.chat_id = ? AND m.author = 'bot' AND m.message_text = ? AND m.timestamp > ?
            LIMIT 1
            """, [.text(contactKey.tenantID), .text(contactKey.channel.rawValue), .text(contactKey.chatID), .text(text), .date(since)])
        return !rows.isEmpty
    }

    /// Finds a message of a contact by its message id.
    public func find(contactID: Int64, messageID: String) async throws(StoreError) -> StoredMessage? {
        try await sql.query("SELECT \(Self.columns) FROM messages WHERE contact_id = ? AND message_id = ?",
                            [.int(contactID), .text(messageID)]).first.map(Self.decode)
    }

    /// Finds a message of a contact by its row id (``StoredMessage/id``); `nil` when the contact has no such row.
    public func find(contactID: Int64, id: Int64) async throws(StoreError) -> StoredMessage? {
        try await sql.query("SELECT \(Self.columns) FROM messages WHERE contact_id = ? AND id = ?",
                            [.int(contactID), .int(id)]).first.map(Self.decode)
    }
}
