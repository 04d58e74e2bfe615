import Foundation
import SaudaCore

/// Leads of every tenant (`leads`): captured and moved forward by the agent's tools, listed and closed by operators.
///
/// A contact has at most one open lead (not `won` or `lost`); the tools update it, and a capture after the lead was
/// closed opens a new one. Every read and operator change names the tenant, so another tenant's lead is "not found".
public struct LeadRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    static let columns = """
        id, tenant_id, contact_id, channel, chat_id, name, phone, need, price_quoted, booked_call, source, stage, details,
        created_at, updated_at
        """

    static func decode(_ row: SQLRow) throws(StoreError) -> Lead {
        let channelName = try row.string("channel")
        guard let channel = Channel(rawValue: channelName) else { throw StoreError(.decoding, "unknown channel \(channelName)") }
        let stageName = try row.string("stage")
        guard let stage = LeadStage(rawValue: stageName) else { throw StoreError(.decoding, "unknown lead stage \(stageName)") }
        let details = row.optionalString("details").flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
        return Lead(id: try row.int("id"), tenantID: try row.string("tenant_id"), contactID: try row.int("contact_id"), channel: channel,
                    chatID: try row.string("chat_id"), name: row.optionalString("name"), phone: row.optionalString("phone"),
                    need: row.optionalString("need"), priceQuoted: row.optionalString("price_quoted"),
                    bookedCall: row.optionalDate("booked_call"), source: try row.string("source"), stage: stage, details: details,
                    createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    /// Records what a tool learned on the contact's open lead, creating it when the contact has none: given fields
    /// replace the lead's, absent ones keep them, details are merged, and the stage only moves forward
    /// (``LeadStage/advanced(to:)``). A new lead's source is its channel and the deep-link parameter the capture or, else,
    /// the contact came with (Telegram's `/start <payload>`).
    /// - Returns: the lead as stored now.
    @discardableResult
    public func upsert(key: ConversationKey, contactID: Int64, capture: LeadCapture, now: Date) async throws(StoreError) -> Lead {
        var capture = capture
        if var lead = try await open(contactID: contactID) {
            lead.name = Self.clean(capture.name) ?? lead.name
            lead.phone = Self.clean(capture.phone) ?? lead.phone
            lead.need = Self.clean(capture.need) ?? lead.need
            lead.priceQuoted = Self.clean(capture.priceQuoted) ?? lead.priceQuoted
            lead.bookedCall = capture.bookedCall ?? lead.bookedCall
            lead.stage = lead.stage.advanced(to: capture.stage)
            lead.details.merge(capture.details) { _, new in new }
            lead.updatedAt = now
            try await sql.query("""
                UPDATE leads SET name = ?, phone = ?, need = ?, price_quoted = ?, booked_call = ?, stage = ?, details = ?,
                    search_text = ?, updated_at = ?
                WHERE id = ?
                """, [.text(lead.name), .text(lead.phone), .text(lead.need), .text(lead.priceQuoted), .date(lead.bookedCall),
                      .text(lead.stage.rawValue), .text(Self.json(lead.details)), .text(Self.searchText(lead)), .date(now), .int(lead.id)])
            try await requestCRMSync(lead, now: now)
            return lead
        }
        if capture.startParameter == nil {
            capture.startParameter = try await sql.query("SELECT start_parameter FROM contacts WHERE id = ?", [.int(contactID)])
                .first?.optionalString("start_parameter")
        }
        let lead = Lead(id: 0, tenantID: key.tenantID, contactID: contactID, channel: key.channel, chatID: key.chatID,
                        name: Self.clean(capture.name), phone: Self.clean(capture.phone), need: Self.clean(capture.need),
                        priceQuoted: Self.clean(capture.priceQuoted), bookedCall: capture.bookedCall,
                        source: capture.source(channel: key.channel), stage: LeadStage.new.advanced(to: capture.stage),
                        details: capture.details, createdAt: now, updatedAt: now)
        let rows = try await sql.query("""
            INSERT INTO leads (tenant_id, contact_id, channel, chat_id, name, phone, need, price_quoted, booked_call, source, stage,
                details, search_text, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING \(Self.columns)
            """, [.text(lead.tenantID), .int(contactID), .text(lead.channel.rawValue), .text(lead.chatID), .text(lead.name),
                  .text(lead.phone), .text(lead.need), .text(lead.priceQuoted), .date(lead.bookedCall), .text(lead.source),
                  .text(lead.stage.rawValue), .text(Self.json(lead.details)), .text(Self.searchText(lead)), .date(now), .date(now)])
        guard let row = rows.first else { throw StoreError(.statement, "the lead of contact \(contactID) was not stored") }
        let stored = try Self.decode(row)
        try await requestCRMSync(stored, now: now)
        return stored
    }

    /// Asks for the lead to be written to the business's CRM, in the transaction that changed it (the CRM's outbox).
    func requestCRMSync(_ lead: Lead, now: Date) async throws(StoreError) {
        try await CRMSyncRepository(sql).request(tenantID: lead.tenantID, subject: .lead, subjectID: lead.id, contactID: lead.contactID,
                                                 now: now)
    }

    /// The contact's open lead (not `won` or `lost`), if any.
    public func open(contactID: Int64) async throws(StoreError) -> Lead? {
        try await sql.query("SELECT \(Self.columns) FROM leads WHERE contact_id = ? AND stage NOT IN ('won', 'lost')",
                            [.int(contactID)]).first.map(Self.decode)
    }

    /// The contact's most recently changed lead, open or closed, if any.
    public func latest(contactID: Int64) async throws(StoreError) -> Lead? {
        try await sql.query("SELECT \(Self.columns) FROM leads WHERE contact_id = ? ORDER BY updated_at DESC, id DESC LIMIT 1",
                            [.int(contactID)]).first.map(Self.decode)
    }

    /// The tenant's lead with this id.
    public func find(tenantID: String, id: Int64) async throws(StoreError) -> Lead? {
        try await sql.query("SELECT \(Self.columns) FROM leads WHERE tenant_id = ? AND id = ?", [.text(tenantID), .int(id)])
            .first.map(Self.decode)
    }

    /// A page of the tenant's leads matching `query`, the most recently changed first, and how many match in all.
    public func list(tenantID: String, query: LeadQuery) async throws(StoreError) -> (page: [Lead], total: Int) {
        var conditions = ["tenant_id = ?"]
        var binds: [SQLValue] = [.text(tenantID)]
        if let stage = query.stage {
            conditions.append("stage = ?")
            binds.append(.text(stage.rawValue))
        }
        if let channel = query.channel {
            conditions.append("channel = ?")
            binds.append(.text(channel.rawValue))
        }
        if let search = query.search?.trimmingCharacters(in: .whitespacesAndNewlines), !search.isEmpty {
            conditions.append("search_text LIKE ? ESCAPE '\\'")
            binds.append(.text("%" + ContactRepository.escapedForLike(search.lowercased()) + "%"))
        }
        if let from = query.from {
            conditions.append("created_at >= ?")
            binds.append(.date(from))
        }
        if let to = query.to {
            conditions.append("created_at < ?")
            binds.append(.date(to))
        }
        let filter = conditions.joined(separator: " AND ")
        let rows = try await sql.query("""
            SELECT \(Self.columns) FROM leads WHERE \(filter)
            ORDER BY updated_at DESC, id DESC
            LIMIT \(SQLLimit.literal(query.limit)) OFFSET \(SQLLimit.literal(query.offset))
            """, binds)
        var page: [Lead] = []
        for row in rows { page.append(try Self.decode(row)) }
        let total = try await sql.query("SELECT COUNT(*) AS n FROM leads WHERE \(filter)", binds).first?.optionalInt("n") ?? 0
        return (page, Int(total))
    }

    /// An operator sets the stage of the tenant's lead (any stage: closing it as `won` or `lost`, or opening it again).
    /// - Returns: the lead as stored now, or nil when the tenant has no such lead.
    /// - Throws: ``StoreError`` `conflict` when opening it again while the contact has another open lead.
    public func setStage(tenantID: String, id: Int64, stage: LeadStage, now: Date) async throws(StoreError) -> Lead? {
        guard let lead = try await sql.query("UPDATE leads SET stage = ?, updated_at = ? WHERE tenant_id = ? AND id = ? RETURNING \(Self.columns)",
                                             [.text(stage.rawValue), .date(now), .text(tenantID), .int(id)]).first.map(Self.decode) else {
            return nil
        }
        try await requestCRMSync(lead, now: now)
        return lead
    }

    /// How many leads of the tenant are at each stage (every stage present, zero when none).
    public func countByStage(tenantID: String) async throws(StoreError) -> [LeadStage: Int] {
        let rows = try await sql.query("SELECT stage, COUNT(*) AS n FROM leads WHERE tenant_id = ? GROUP BY stage", [.text(tenantID)])
        var counts = Dictionary(uniqueKeysWithValues: LeadStage.allCases.map { ($0, 0) })
        for row in rows {
            guard let stage = row.optionalString("stage").flatMap(LeadStage.init(rawValue:)) else { continue }
            counts[stage, default: 0] += Int(row.optionalInt("n") ?? 0)
        }
        return counts
    }

    /// The text the search looks in: name, phone (also as bare digits) and need, lowercased.
    static func searchText(_ lead: Lead) -> String {
        let digits = lead.phone.map { String($0.filter(\.isASCIIDigitCharacter)) }
        return [lead.name, lead.phone, digits, lead.need].compactMap { $0 }.joined(separator: "\n").lowercased()
    }

    static func clean(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    static func json(_ details: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(details)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

private extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
