import Foundation
import SaudaCore

extension BusinessData {
    /// Removes one contact and everything about it (``ContactErasure``): its messages, its conversation's log and
    /// queued messages, its leads, follow-ups, scheduled calls, alerts, tool calls, model usage and early delivery
    /// statuses, in one transaction. The whitelist and the channel cursors stay (``ContactErasure/retainedTables``).
    /// - Returns: the rows removed per table (tables without any are left out).
    /// - Throws: ``BusinessDataError/unknownContact(tenantID:contactID:)`` when the business has no such contact
    ///   (a contact of another business included), ``BusinessDataError/unknownTenant(_:)``,
    ///   ``BusinessDataError/unscopedTable(_:)``, or the store's error.
    public func deleteContact(tenantID: String, contactID: Int64) async throws -> [String: Int] {
        try await database.transaction { sql in
            guard let row = try await sql.query("SELECT channel, chat_id, phone_number FROM contacts WHERE id = ? AND tenant_id = ?",
                                                [.int(contactID), .text(tenantID)]).first,
                  let channel = Channel(rawValue: try row.string("channel")) else {
                guard try await TenantRepository(sql).find(id: tenantID) != nil else { throw BusinessDataError.unknownTenant(tenantID) }
                throw BusinessDataError.unknownContact(tenantID: tenantID, contactID: contactID)
            }
            let erasure = ContactErasure(contactID: contactID, key: ConversationKey(tenantID: tenantID, channel: channel, chatID: try row.string("chat_id")),
                                         phone: row.optionalString("phone_number"))
            let plan = try BusinessTablePlan(try await SchemaCatalog.tables(sql))
            let schema = Dictionary(plan.tables.map { ($0.table.name, $0.table) }, uniquingKeysWith: { first, _ in first })
            // Children first; a table found through the message log before the log itself.
            let ordered = plan.tables.map(\.table).filter(ContactErasure.readsMessageLog) + plan.tables.map(\.table).filter { !ContactErasure.readsMessageLog($0) }
            var removed: [String: Int] = [:]
            for table in ordered {
                guard let condition = erasure.condition(for: table, in: schema) else { continue }
                let count = try await Self.delete(from: table.name, where: condition.sql, condition.binds, sql)
                if count > 0 { removed[table.name] = count }
            }
            return removed
        }
    }

    /// The ids of the business's contacts with this phone number (digits, country code first), on every channel.
    /// - Throws: ``BusinessDataError/unknownTenant(_:)`` or the store's error.
    public func contactIDs(tenantID: String, phone: String) async throws -> [Int64] {
        try await database.read { sql in
            guard try await TenantRepository(sql).find(id: tenantID) != nil else { throw BusinessDataError.unknownTenant(tenantID) }
            return try await sql.query("SELECT id FROM contacts WHERE tenant_id = ? AND phone_number = ? ORDER BY id", [.text(tenantID), .text(phone)])
                .compactMap { $0.optionalInt("id") }
        }
    }
}
