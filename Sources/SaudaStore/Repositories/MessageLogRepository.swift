import Foundation
import SaudaCore

/// Direction of a logged message.
public enum MessageDirection: String, Sendable, Codable {
    /// From a customer.
    case incoming
    /// To a customer.
    case outgoing
}

/// One entry of the message log (`message_logs`, in the earlier system's table layout).
public struct MessageLogEntry: Sendable, Hashable, Codable {
    /// Row id.
    public var id: Int64
    /// Tenant.
    public var tenantID: String
    /// Channel.
    public var channel: Channel
    /// Direction.
    public var direction: MessageDirection
    /// Provider message id (incoming) or bot message id (outgoing).
    public var messageID: String
    /// Chat id.
    public var chatID: String
    /// Text.
    public var text: String?
    /// Whether it is a voice note.
    public var isVoice: Bool
    /// Provider-side status: sent, delivered, read, failed.
    public var providerStatus: String?
    /// Queue-side status: queued, processed, dead.
    public var queueStatus: String?
    /// Last error.
    public var error: String?
    /// When it was logged.
    public var createdAt: Date
    /// When it was processed or sent.
    public var processedAt: Date?
}

/// The message log: the gateway's record of everything in and out, and the dedupe point for
/// provider message ids.
public struct MessageLogRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// Queue status of a voice note waiting for its transcript.
    public static let awaitingTranscript = "transcribing"

    /// Records an incoming message unless its provider id was seen before.
    /// - Parameter queueStatus: `queued` (for the agent), or ``awaitingTranscript`` for a voice note.
    /// - Returns: `false` for a duplicate.
    public func recordIncoming(key: ConversationKey, messageID: String, phoneNumber: String?, text: String,
                               isVoice: Bool, queueStatus: String = "queued", now: Date) async throws(StoreError) -> Bool {
        let rows = try await sql.query("""
            INSERT INTO message_logs (tenant_id, channel, direction, message_id, chat_id, phone_number, message_text,
                is_voice, queue_status, created_at)
            VALUES (?, ?, 'incoming', ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, channel, direction, message_id) DO NOTHING RETURNING id
            """, [.text(key.tenantID), .text(key.channel.rawValue), .text(messageID), .text(key.chatID), .text(phoneNumber),
                  .text(text), .bool(isVoice), .text(queueStatus), .date(now)])
        return !rows.isEmpty
    }

    /// Whether a customer message was recorded before (so posting it again changes nothing).
    public func isRecordedIncoming(key: ConversationKey, messageID: String) async throws(StoreError) -> Bool {
        let rows = try await sql.query("""
            SELECT 1 AS found FROM message_logs
            WHERE tenant_id = ? AND channel = ? AND direction = 'incoming' AND message_id = ? LIMIT 1
            """, [.text(key.tenantID), .text(key.channel.rawValue), .text(messageID)])
        return !rows.isEmpty
    }

    /// Whether a provider message id is one of the recorded sends.
    public func isRecordedSend(tenantID: String, channel: Channel, providerMessageID: String) async throws(StoreError) -> Bool {
        let rows = try await sql.query("""
            SELECT 1 AS found FROM message_logs
            WHERE tenant_id = ? AND channel = ? AND direction = 'outgoing' AND provider_message_id = ? LIMIT 1
            """, [.text(tenantID), .text(channel.rawValue), .text(providerMessageID)])
        return !rows.isEmpty
    }

    /// Whether a voice note of the chat received after `since` still waits for its transcript.
    public func hasVoiceAwaitingTranscript(key: ConversationKey, since: Date) async throws(StoreError) -> Bool {
        let rows = try await sql.query("""
            SELECT 1 AS found FROM message_logs
            WHERE tenant_id = ? AND channel = ? AND chat_id = ? AND direction = 'incoming' AND queue_status = ? AND created_at > ?
            LIMIT 1
            """, [.text(key.tenantID), .text(key.channel.rawValue), .text(key.chatID), .text(Self.awaitingTranscript), .date(since)])
        return !rows.isEmpty
    }

    /// Whether the customer wrote in this chat after `since` (logged on arrival, before any turn handles it).
    public func hasIncoming(key: ConversationKey, since: Date) async throws(StoreError) -> Bool {
        !(try await sql.query("""
            SELECT 1 AS found FROM message_logs
            WHERE tenant_id = ? AND channel = ? AND chat_id = ? AND direction = 'incoming' AND created_at > ?
            LIMIT 1
            """, [.text(key.tenantID), .text(key.channel.rawValue), .text(key.chatID), .date(since)])).isEmpty
    }

    /// Stores a voice note's transcript (or the text standing for it) and hands the note to the agent's queue.
    public func recordTranscript(key: ConversationKey, messageID: String, text: String, now: Date) async throws(StoreError) {
        try await sql.query("""
            UPDATE message_logs SET message_text = ?, queue_status = 'queued'
            WHERE tenant_id = ? AND channel = ? AND direction = 'incoming' AND message_id = ?
            """, [.text(text), .text(key.tenantID), .text(key.channel.rawValue), .text(messageID)])
    }

    /// Sets the queue status of incoming messages.
    public func setQueueStatus(key: ConversationKey, messageIDs: [String], status: String, now: Date) async throws(StoreError) {
        guard !messageIDs.isEmpty else { return }
        let list = SQLPlaceholders.list(messageIDs.count)
        try await sql.query("""
            UPDATE message_logs SET queue_status = ?, processed_at = ?
            WHERE tenant_id = ? AND channel = ? AND direction = 'incoming' AND message_id IN (\(list))
            """, [.text(status), .date(now), .text(key.tenantID), .text(key.channel.rawValue)] + messageIDs.map(SQLValue.text))
    }

    /// Records the state of an outgoing message (inserted on first call, updated after). A channel without phone
    /// numbers (the web chat, whose session id only addresses the reply) logs none.
    public func recordOutgoing(key: ConversationKey, messageID: String, phoneNumber: String?, text: String,
                               providerStatus: String, error: String?, providerMessageID: String? = nil,
                               now: Date) async throws(StoreError) {
        let phoneNumber = key.channel.knowsPhoneNumbers ? phoneNumber : nil
        try await sql.query("""
            INSERT INTO message_logs (tenant_id, channel, direction, message_id, chat_id, phone_number, message_text,
                is_voice, provider_status, queue_status, error, provider_message_id, created_at, processed_at)
            VALUES (?, ?, 'outgoing', ?, ?, ?, ?, ?, ?, 'processed', ?, ?, ?, ?)
            ON CONFLICT (tenant_id, channel, direction, message_id)
            DO UPDATE SET provider_status = excluded.provider_status, error = excluded.error, processed_at = excluded.processed_at,
                provider_message_id = COALESCE(excluded.provider_message_id, message_logs.provider_message_id)
            """, [.text(key.tenantID), .text(key.channel.rawValue), .text(messageID), .text(key.chatID), .text(phoneNumber),
                  .text(text), .bool(false), .text(providerStatus), .text(error), .text(providerMessageID), .date(now), .date(now)])
    }

    /// Applies a provider's delivery status (`delivered`, `read`, `failed`…) to the outgoing message it sent
    /// under `providerMessageID`; a status never goes back (`read` stays `read` when a late `delivered` arrives).
    /// A status for a send not recorded yet is kept until it is (``takeEarlyStatus(tenantID:channel:providerMessageID:)``).
    /// - Returns: the conversation and Sauda's id of the message, when it is known.
    public func applyDeliveryStatus(tenantID: String, channel: Channel, providerMessageID: String, status: String,
                                    now: Date) async throws(StoreError) -> (key: ConversationKey, messageID: String)? {
        let record = try await applyDeliveryStatus(tenantID: tenantID, channel: channel, providerMessageID: providerMessageID,
                                                   status: status, keepingEarly: true, now: now)
        guard case .applied(let key, let messageID) = record else { return nil }
        return (key, messageID)
    }

    /// Applies a delivery status to the outgoing message's log entry; a status for a send not recorded yet is kept
    /// for it only when `keepingEarly`.
    private func applyDeliveryStatus(tenantID: String, channel: Channel, providerMessageID: String, status: String,
                                     keepingEarly: Bool, now: Date) async throws(StoreError) -> DeliveryStatusRecord {
        let rank = ["queued": 0, "sent": 1, "delivered": 2, "read": 3, "played": 4]
        let rows = try await sql.query("""
            SELECT message_id, chat_id, provider_status FROM message_logs
            WHERE tenant_id = ? AND channel = ? AND direction = 'outgoing' AND provider_message_id = ?
            """, [.text(tenantID), .text(channel.rawValue), .text(providerMessageID)])
        guard let row = rows.first, let messageID = row.optionalString("message_id"), let chatID = row.optionalString("chat_id") else {
            guard keepingEarly else { return .dropped }
            try await keepEarlyStatus(tenantID: tenantID, channel: channel, providerMessageID: providerMessageID, status: status, now: now)
            return .keptEarly
        }
        let current = row.optionalString("provider_status") ?? "queued"
        if status != "failed", (rank[status] ?? 0) <= (rank[current] ?? 0) { return .unchanged }
        try await sql.query("""
            UPDATE message_logs SET provider_status = ?, processed_at = ?
            WHERE tenant_id = ? AND channel = ? AND direction = 'outgoing' AND provider_message_id = ?
            """, [.text(status), .date(now), .text(tenantID), .text(channel.rawValue), .text(providerMessageID)])
        return .applied(key: ConversationKey(tenantID: tenantID, channel: channel, chatID: chatID), messageID: messageID)
    }

    /// Applies a provider's delivery status to the outgoing message's log entry and to the message itself
    /// (``applyDeliveryStatus(tenantID:channel:providerMessageID:status:now:)``, then the message's status).
    /// - Returns: whether the message took the status.
    @discardableResult
    public func applyDeliveryStatusToMessage(tenantID: String, channel: Channel, providerMessageID: String, status: String,
                                             now: Date) async throws(StoreError) -> Bool {
        let record = try await recordDeliveryStatus(tenantID: tenantID, channel: channel, providerMessageID: providerMessageID,
                                                    status: status, keepingEarly: true, now: now)
        if case .applied = record { return true }
        return false
    }

    /// Applies a provider's delivery status to the outgoing message's log entry and to the message itself, as
    /// ``applyDeliveryStatusToMessage(tenantID:channel:providerMessageID:status:now:)`` does; a status for a send not
    /// recorded yet is kept for it only when `keepingEarly` (the gateway keeps a bounded number,
    /// ``trimEarlyStatuses(tenantID:channel:keeping:)``).
    /// - Returns: what became of the status.
    public func recordDeliveryStatus(tenantID: String, channel: Channel, providerMessageID: String, status: String,
                                     keepingEarly: Bool, now: Date) async throws(StoreError) -> DeliveryStatusRecord {
        let record = try await applyDeliveryStatus(tenantID: tenantID, channel: channel, providerMessageID: providerMessageID,
                                                   status: status, keepingEarly: keepingEarly, now: now)
        if case .applied(let key, let messageID) = record {
            _ = try await MessageRepository(sql).setDeliveryStatus(contactKey: key, messageID: messageID, status: status)
        }
        return record
    }

    /// How long a status whose send is never recorded is kept (a message sent from the business's phone, not by Sauda).
    static let earlyStatusLifetime: TimeInterval = 24 * 3600

    /// Keeps a status that names a send not recorded yet (the provider reported it before the sender's record
    /// committed), for ``takeEarlyStatus(tenantID:channel:providerMessageID:)``; the latest such status wins.
    private func keepEarlyStatus(tenantID: String, channel: Channel, providerMessageID: String, status: String,
                                 now: Date) async throws(StoreError) {
        try await sql.query("DELETE FROM early_delivery_statuses WHERE received_at < ?",
                            [.date(now.addingTimeInterval(-Self.earlyStatusLifetime))])
        try await sql.query("""
            INSERT INTO early_delivery_statuses (tenant_id, channel, provider_message_id, status, received_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, channel, provider_message_id) DO UPDATE SET status = excluded.status, received_at = excluded.received_at
            """, [.text(tenantID), .text(channel.rawValue), .text(providerMessageID), .text(status), .date(now)])
    }

    /// Takes the status a provider reported for a send before the send was recorded, if one came.
    public func takeEarlyStatus(tenantID: String, channel: Channel, providerMessageID: String) async throws(StoreError) -> String? {
        try await sql.query("""
            DELETE FROM early_delivery_statuses WHERE tenant_id = ? AND channel = ? AND provider_message_id = ? RETURNING status
            """, [.text(tenantID), .text(channel.rawValue), .text(providerMessageID)]).first?.optionalString("status")
    }

    /// Keeps the newest `limit` statuses waiting for their send in one tenant's channel and removes the older ones
    /// (statuses received at the same moment as the `limit`-th newest are kept with it, so one delivery's are kept or
    /// removed together).
    public func trimEarlyStatuses(tenantID: String, channel: Channel, keeping limit: Int) async throws(StoreError) {
        try await sql.query("""
            DELETE FROM early_delivery_statuses WHERE tenant_id = ? AND channel = ? AND received_at < (
                SELECT received_at FROM early_delivery_statuses WHERE tenant_id = ? AND channel = ?
                ORDER BY received_at DESC LIMIT 1 OFFSET \(SQLLimit.literal(max(0, limit - 1))))
            """, [.text(tenantID), .text(channel.rawValue), .text(tenantID), .text(channel.rawValue)])
    }

    /// The provider statuses of outgoing messages of one tenant's channel, by message id (ids never logged are absent).
    public func outgoingStatuses(tenantID: String, channel: Channel, messageIDs: [String]) async throws(StoreError) -> [String: String] {
        guard !messageIDs.isEmpty else { return [:] }
        let rows = try await sql.query("""
            SELECT message_id, provider_status FROM message_logs
            WHERE tenant_id = ? AND channel = ? AND direction = 'outgoing' AND message_id IN (\(SQLPlaceholders.list(messageIDs.count)))
            """, [.text(tenantID), .text(channel.rawValue)] + messageIDs.map(SQLValue.text))
        var statuses: [String: String] = [:]
        for row in rows {
            if let status = try row.optionalString("provider_status") { statuses[try row.string("message_id")] = status }
        }
        return statuses
    }

    /// Counts logged messages of one direction since a moment (for `/stats`), of one tenant or of all.
    public func count(direction: MessageDirection, since: Date, voiceOnly: Bool = false,
                      providerStatuses: [String]? = nil, tenantID: String? = nil) async throws(StoreError) -> Int {
        var sqlText = "SELECT COUNT(*) AS n FROM message_logs WHERE direction = ? AND created_at >= ?"
        var binds: [SQLValue] = [.text(direction.rawValue), .date(since)]
        if let tenantID { sqlText += " AND tenant_id = ?"; binds.append(.text(tenantID)) }
        if voiceOnly { sqlText += " AND is_voice = ?"; binds.append(.bool(true)) }
        if let statuses = providerStatuses, !statuses.isEmpty {
            sqlText += " AND provider_status IN (\(SQLPlaceholders.list(statuses.count)))"
            binds += statuses.map(SQLValue.text)
        }
        return Int(try await sql.query(sqlText, binds).first?.optionalInt("n") ?? 0)
    }

    /// A tenant's latest log entries, newest first: of one direction and chat if given, older than `beforeID` if given.
    public func recent(tenantID: String, direction: MessageDirection?, chatID: String?, beforeID: Int64?,
                       limit: Int) async throws(StoreError) -> [MessageLogEntry] {
        var conditions = ["tenant_id = ?"]
        var binds: [SQLValue] = [.text(tenantID)]
        if let direction { conditions.append("direction = ?"); binds.append(.text(direction.rawValue)) }
        if let chatID { conditions.append("chat_id = ?"); binds.append(.text(chatID)) }
        if let beforeID { conditions.append("id < ?"); binds.append(.int(beforeID)) }
        let rows = try await sql.query("""
            SELECT id, tenant_id, channel, direction, message_id, chat_id, message_text, is_voice, provider_status, queue_status,
                error, created_at, processed_at
            FROM message_logs WHERE \(conditions.joined(separator: " AND ")) ORDER BY id DESC LIMIT \(SQLLimit.literal(limit))
            """, binds)
        var entries: [MessageLogEntry] = []
        for row in rows {
            let channelName = try row.string("channel")
            guard let channel = Channel(rawValue: channelName) else { throw StoreError(.decoding, "unknown channel \(channelName)") }
            entries.append(MessageLogEntry(
                id: try row.int("id"), tenantID: try row.string("tenant_id"), channel: channel,
                direction: MessageDirection(rawValue: try row.string("direction")) ?? .incoming,
                messageID: try row.string("message_id"), chatID: try row.string("chat_id"), text: row.optionalString("message_text"),
                isVoice: row.bool("is_voice"), providerStatus: row.optionalString("provider_status"),
                queueStatus: row.optionalString("queue_status"), error: row.optionalString("error"),
                createdAt: try row.date("created_at"), processedAt: row.optionalDate("processed_at")))
        }
        return entries
    }

    /// Time of the newest entry of a direction.
    public func lastActivity(direction: MessageDirection) async throws(StoreError) -> Date? {
        try await sql.query("SELECT MAX(created_at) AS t FROM message_logs WHERE direction = ?",
                            [.text(direction.rawValue)]).first?.optionalDate("t")
    }

    /// Incoming messages of a chat that no turn has stored yet (accepted, still in the queue).
    public func pendingIncoming(key: ConversationKey) async throws(StoreError) -> [MessageLogEntry] {
        let rows = try await sql.query("""
            SELECT id, message_id, message_text, is_voice, queue_status, created_at FROM message_logs l
            WHERE tenant_id = ? AND channel = ? AND chat_id = ? AND direction = 'incoming' AND queue_status = 'queued'
              AND NOT EXISTS (SELECT 1 FROM messages m JOIN contacts c ON c.id = m.contact_id
                              WHERE c.tenant_id = l.tenant_id AND c.channel = l.channel AND c.chat_id = l.chat_id
                                AND m.message_id = l.message_id)
            ORDER BY id
            """, [.text(key.tenantID), .text(key.channel.rawValue), .text(key.chatID)])
        var entries: [MessageLogEntry] = []
        for row in rows {
            entries.append(MessageLogEntry(
                id: try row.int("id"), tenantID: key.tenantID, channel: key.channel, direction: .incoming,
                messageID: try row.string("message_id"), chatID: key.chatID, text: row.optionalString("message_text"),
                isVoice: row.bool("is_voice"), providerStatus: nil, queueStatus: row.optionalString("queue_status"),
                error: nil, createdAt: try row.date("created_at"), processedAt: nil))
        }
        return entries
    }
}
