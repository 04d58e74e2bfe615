import Foundation
import SaudaCore

/// A stored contact (`contacts`, in the earlier system's table layout).
public struct Contact: Sendable, Hashable, Codable {
    /// Row id.
    public var id: Int64
    /// The conversation this contact writes in.
    public var key: ConversationKey
    /// Phone number, when the channel has one.
    public var phoneNumber: String?
    /// What the messenger tells about the contact.
    public var profile: ContactProfile
    /// The moderator's current verdict.
    public var status: ContactStatus
    /// Confidence of the verdict.
    public var confidence: Double?
    /// Reasoning of the verdict.
    public var reasoning: String?
    /// SPIN stage of the sales conversation.
    public var spinStage: SpinStage
    /// The bot stays silent in this chat until then (a person of the business took over).
    public var botPausedUntil: Date?
    /// Last customer message.
    public var lastMessageAt: Date?
    /// Where the conversation stands in the order funnel, `nil` before it entered it.
    public var funnel: FunnelState?
    /// The business's channel connection (its WhatsApp number) the customer last wrote to; `nil` before a message that
    /// named one. What Sauda sends on its own to the contact leaves from it.
    public var connectionID: String?
    /// The customer's username on the channel (Telegram's `@name`, without the `@`), when it has one.
    public var username: String? = nil
    /// The deep-link parameter the customer came with (Telegram's `/start <payload>`): the source of their lead.
    public var startParameter: String? = nil
    /// Since when the channel refuses every message to the customer (they blocked the bot); `nil` while reachable.
    public var unreachableAt: Date? = nil

    /// Creates a contact value (a contact not stored yet has id 0).
    public init(id: Int64, key: ConversationKey, phoneNumber: String?, profile: ContactProfile, status: ContactStatus,
                confidence: Double?, reasoning: String?, spinStage: SpinStage, botPausedUntil: Date?, lastMessageAt: Date?,
                funnel: FunnelState? = nil, connectionID: String? = nil) {
        self.id = id
        self.key = key
        self.phoneNumber = phoneNumber
        self.profile = profile
        self.status = status
        self.confidence = confidence
        self.reasoning = reasoning
        self.spinStage = spinStage
        self.botPausedUntil = botPausedUntil
        self.lastMessageAt = lastMessageAt
        self.funnel = funnel
        self.connectionID = connectionID
    }
}

/// Contacts of every tenant.
public struct ContactRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    static let columns = """
        id, tenant_id, channel, chat_id, phone_number, name, full_name, business_name, is_client,
        classification_confidence, classification_reasoning, spin_stage, bot_paused_until, last_message_at, funnel_state,
        connection_id, username, start_parameter, unreachable_at
        """

    static func decode(_ row: SQLRow) throws(StoreError) -> Contact {
        let channelName = try row.string("channel")
        guard let channel = Channel(rawValue: channelName) else { throw StoreError(.decoding, "unknown channel \(channelName)") }
        var contact = Contact(
            id: try row.int("id"),
            key: ConversationKey(tenantID: try row.string("tenant_id"), channel: channel, chatID: try row.string("chat_id")),
            phoneNumber: row.optionalString("phone_number"),
            profile: ContactProfile(name: row.optionalString("name"), fullName: row.optionalString("full_name"),
                                    businessName: row.optionalString("business_name")),
            status: ContactStatus(isClient: row.optionalBool("is_client")),
            confidence: row.optionalDouble("classification_confidence"),
            reasoning: row.optionalString("classification_reasoning"),
            spinStage: SpinStage(rawValue: row.optionalString("spin_stage") ?? "") ?? .situation,
            botPausedUntil: row.optionalDate("bot_paused_until"),
            lastMessageAt: row.optionalDate("last_message_at"),
            funnel: FunnelState(storedText: row.optionalString("funnel_state")),
            connectionID: row.optionalString("connection_id"))
        contact.username = row.optionalString("username")
        contact.startParameter = row.optionalString("start_parameter")
        contact.unreachableAt = row.optionalDate("unreachable_at")
        return contact
    }

    /// Finds the contact of a conversation or creates it with `initialStatus`; profile fields the
    /// messenger sends later fill in the blanks.
    public func findOrCreate(key: ConversationKey, phoneNumber: String?, profile: ContactProfile,
                             initialStatus: ContactStatus, now: Date) async throws(StoreError) -> Contact {
        if var contact = try await find(key: key) {
            let merged = contact.profile.filling(from: profile)
            if merged != contact.profile {
                try await sql.query("UPDATE contacts SET name = ?, full_name = ?, business_name = ?, updated_at = ? WHERE id = ?",
                                    [.text(merged.name), .text(merged.fullName), .text(merged.businessName), .date(now), .int(contact.id)])
                contact.profile = merged
            }
            return contact
        }
        let reasoning: String? = initialStatus == .client && key.channel == .webchat
            ? "Пишет в чат на сайте компании" : nil
        let rows = try await sql.query("""
            INSERT INTO contacts (tenant_id, channel, chat_id, phone_number, name, full_name, business_name, is_client,
                classification_confidence, classification_reasoning, classified_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, channel, chat_id) DO NOTHING
            RETURNING \(Self.columns)
            """, [.text(key.tenantID), .text(key.channel.rawValue), .text(key.chatID), .text(phoneNumber), .text(profile.name),
                  .text(profile.fullName), .text(profile.businessName), .bool(initialStatus.isClient),
                  initialStatus == .unknown ? .null : .double(1.0), .text(reasoning), initialStatus == .unknown ? .null : .date(now),
                  .date(now), .date(now)])
        if let row = rows.first { return try Self.decode(row) }
        guard let contact = try await find(key: key) else { throw StoreError(.notFound, "contact \(key) vanished") }
        return contact
    }

    /// Finds a contact by id.
    public func find(id: Int64) async throws(StoreError) -> Contact? {
        try await sql.query("SELECT \(Self.columns) FROM contacts WHERE id = ?", [.int(id)]).first.map(Self.decode)
    }

    /// Finds the contact of a conversation.
    public func find(key: ConversationKey) async throws(StoreError) -> Contact? {
        try await sql.query("SELECT \(Self.columns) FROM contacts WHERE tenant_id = ? AND channel = ? AND chat_id = ?",
                            [.text(key.tenantID), .text(key.channel.rawValue), .text(key.chatID)]).first.map(Self.decode)
    }

    /// The contact of a tenant with this phone number (digits only, country code first), on any channel; the
    /// most recently active one when there are several.
    public func find(tenantID: String, phone: String) async throws(StoreError) -> Contact? {
        try await sql.query("""
            SELECT \(Self.columns) FROM contacts
            WHERE tenant_id = ? AND (phone_number = ? OR phone_number = ? OR chat_id = ?)
            ORDER BY (last_message_at IS NULL), last_message_at DESC, id DESC LIMIT 1
            """, [.text(tenantID), .text(phone), .text("+" + phone), .text(phone + "@c.us")]).first.map(Self.decode)
    }

    /// Stores the moderator's verdict.
    public func saveClassification(contactID: Int64, _ verdict: Classification, now: Date) async throws(StoreError) {
        try await sql.query("""
            UPDATE contacts SET is_client = ?, classification_confidence = ?, classification_reasoning = ?,
                classified_at = ?, updated_at = ? WHERE id = ?
            """, [.bool(verdict.isClient), .double(verdict.confidence), .text(verdict.reasoning), .date(now), .date(now),
                  .int(contactID)])
    }

    /// Pauses the bot in a contact's chat until `until` (a person of the business took over).
    public func pauseBot(contactID: Int64, until: Date, now: Date) async throws(StoreError) {
        try await sql.query("UPDATE contacts SET bot_paused_until = ?, updated_at = ? WHERE id = ?",
                            [.date(until), .date(now), .int(contactID)])
    }

    /// Stores what a client told about themselves: name and company fill the profile, the rest (need,
    /// budget, city…) goes to `lead_details` as a JSON object merged over what was there.
    public func recordLead(contactID: Int64, name: String?, businessName: String?, details: [String: String],
                           now: Date) async throws(StoreError) {
        var merged = try await leadDetails(contactID: contactID)
        merged.merge(details) { _, new in new }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(merged)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        try await sql.query("""
            UPDATE contacts SET name = COALESCE(?, name), business_name = COALESCE(?, business_name), lead_details = ?, updated_at = ?
            WHERE id = ?
            """, [.text(name), .text(businessName), .text(json), .date(now), .int(contactID)])
    }

    /// Stores where the contact's conversation stands in the order funnel (written with the turn that moved it).
    public func saveFunnel(contactID: Int64, _ state: FunnelState, now: Date) async throws(StoreError) {
        try await sql.query("UPDATE contacts SET funnel_state = ?, updated_at = ? WHERE id = ?",
                            [.text(state.storedText), .date(now), .int(contactID)])
    }

    /// The lead details recorded for a contact.
    public func leadDetails(contactID: Int64) async throws(StoreError) -> [String: String] {
        let rows = try await sql.query("SELECT lead_details FROM contacts WHERE id = ?", [.int(contactID)])
        guard let text = rows.first?.optionalString("lead_details") else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }

    /// Stores the SPIN stage and the time of the latest customer message.
    public func saveProgress(contactID: Int64, spinStage: SpinStage, lastMessageAt: Date?, now: Date) async throws(StoreError) {
        try await sql.query("""
            UPDATE contacts SET spin_stage = ?, last_message_at = COALESCE(?, last_message_at), updated_at = ? WHERE id = ?
            """, [.text(spinStage.rawValue), .date(lastMessageAt), .date(now), .int(contactID)])
    }

    /// Counts contacts of a tenant by status.
    public func countByStatus(tenantID: String?) async throws(StoreError) -> [ContactStatus: Int] {
        let filter = tenantID == nil ? "" : "WHERE tenant_id = ?"
        let rows = try await sql.query("SELECT is_client, COUNT(*) AS n FROM contacts \(filter) GROUP BY is_client",
                                       tenantID.map { [SQLValue.text($0)] } ?? [])
        var counts: [ContactStatus: Int] = [.unknown: 0, .client: 0, .notClient: 0]
        for row in rows { counts[ContactStatus(isClient: row.optionalBool("is_client")), default: 0] += Int(row.optionalInt("n") ?? 0) }
        return counts
    }
}
