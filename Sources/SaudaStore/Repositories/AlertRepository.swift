import Foundation
import SaudaCore

/// Operator alerts ("needs a human", `operator_alerts`). A contact has at most one open alert of each reason: a
/// second one of the same reason is not stored until an operator resolves the first (a unique index over the open
/// rows keeps that even when two agent processes race).
public struct AlertRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    private static let columns = "id, tenant_id, contact_id, channel, chat_id, reason, summary, created_at, resolved_at, resolved_by"

    private static func decode(_ row: SQLRow) throws(StoreError) -> StoredAlert {
        let channelName = try row.string("channel")
        let reasonName = try row.string("reason")
        guard let channel = Channel(rawValue: channelName) else { throw StoreError(.decoding, "unknown channel \(channelName)") }
        guard let reason = AlertReason(rawValue: reasonName) else { throw StoreError(.decoding, "unknown alert reason \(reasonName)") }
        return StoredAlert(id: try row.int("id"), tenantID: try row.string("tenant_id"), contactID: try row.int("contact_id"),
                           channel: channel, chatID: try row.string("chat_id"), reason: reason, summary: try row.string("summary"),
                           createdAt: try row.date("created_at"), resolvedAt: row.optionalDate("resolved_at"),
                           resolvedBy: row.optionalString("resolved_by"))
    }

    /// Stores an alert of the conversation `key`'s contact.
    /// - Returns: the stored alert, or `nil` when the contact already has an open alert of that reason.
    @discardableResult
    public func add(_ alert: OperatorAlert, key: ConversationKey, contactID: Int64, now: Date) async throws(StoreError) -> StoredAlert? {
        let rows = try await sql.query("""
            INSERT INTO operator_alerts (tenant_id, contact_id, channel, chat_id, reason, summary, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING \(Self.columns)
            """, [.text(key.tenantID), .int(contactID), .text(key.channel.rawValue), .text(key.chatID), .text(alert.reason.rawValue),
                  .text(alert.summary), .date(now)])
        guard let row = rows.first else { return nil }
        return try Self.decode(row)
    }

    /// A tenant's alerts, newest first: only the open ones, or all.
    public func list(tenantID: String, openOnly: Bool, limit: Int, offset: Int) async throws(StoreError) -> [StoredAlert] {
        let rows = try await sql.query("""
            SELECT \(Self.columns) FROM operator_alerts WHERE tenant_id = ?\(openOnly ? " AND resolved_at IS NULL" : "")
            ORDER BY id DESC LIMIT \(SQLLimit.literal(limit)) OFFSET \(SQLLimit.literal(offset))
            """, [.text(tenantID)])
        var alerts: [StoredAlert] = []
        for row in rows { alerts.append(try Self.decode(row)) }
        return alerts
    }

    /// The open alerts of one contact, newest first.
    public func open(contactID: Int64) async throws(StoreError) -> [StoredAlert] {
        let rows = try await sql.query("""
            SELECT \(Self.columns) FROM operator_alerts WHERE contact_id = ? AND resolved_at IS NULL ORDER BY id DESC
            """, [.int(contactID)])
        var alerts: [StoredAlert] = []
        for row in rows { alerts.append(try Self.decode(row)) }
        return alerts
    }

    /// How many of a tenant's alerts are open.
    public func countOpen(tenantID: String) async throws(StoreError) -> Int {
        let rows = try await sql.query("SELECT COUNT(*) AS n FROM operator_alerts WHERE tenant_id = ? AND resolved_at IS NULL",
                                       [.text(tenantID)])
        return Int(rows.first?.optionalInt("n") ?? 0)
    }

    /// Closes an open alert of the tenant.
    /// - Returns: whether an open alert with that id was closed now (`false` for another tenant's, an unknown or a
    ///   closed one).
    @discardableResult
    public func resolve(tenantID: String, id: Int64, by name: String, now: Date) async throws(StoreError) -> Bool {
        let rows = try await sql.query("""
            UPDATE operator_alerts SET resolved_at = ?, resolved_by = ? WHERE id = ? AND tenant_id = ? AND resolved_at IS NULL RETURNING id
            """, [.date(now), .text(name), .int(id), .text(tenantID)])
        return !rows.isEmpty
    }
}
