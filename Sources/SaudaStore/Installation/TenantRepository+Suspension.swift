import Foundation
import SaudaCore

/// A business as the installation's owner sees it: its tenant row, whether it is suspended, and how many people
/// belong to it.
public struct BusinessSummary: Sendable, Hashable {
    /// The business.
    public var tenant: Tenant
    /// When it was made.
    public var createdAt: Date
    /// When it was suspended, if it is.
    public var suspendedAt: Date?
    /// The accounts that belong to it.
    public var members: Int
}

extension TenantRepository {
    /// Every business with its suspension and its number of members, by id.
    public func summaries() async throws(StoreError) -> [BusinessSummary] {
        var list: [BusinessSummary] = []
        for row in try await sql.query("""
            SELECT t.id, t.name, t.time_zone, t.created_at, t.suspended_at,
                   (SELECT COUNT(*) FROM memberships m WHERE m.tenant_id = t.id) AS members
            FROM tenants t ORDER BY t.id
            """, []) {
            list.append(BusinessSummary(tenant: Tenant(id: try row.string("id"), name: try row.string("name"), timeZone: try row.string("time_zone")),
                                        createdAt: try row.date("created_at"), suspendedAt: row.optionalDate("suspended_at"),
                                        members: Int(row.optionalInt("members") ?? 0)))
        }
        return list
    }

    /// When the business was suspended, `nil` when it is not (or does not exist).
    public func suspendedAt(id: String) async throws(StoreError) -> Date? {
        try await sql.query("SELECT suspended_at FROM tenants WHERE id = ?", [.text(id)]).first?.optionalDate("suspended_at")
    }

    /// Suspends the business (`at` a date) or lifts its suspension (`nil`).
    /// - Returns: whether the business exists.
    @discardableResult
    public func setSuspended(id: String, at date: Date?) async throws(StoreError) -> Bool {
        !(try await sql.query("UPDATE tenants SET suspended_at = ? WHERE id = ? RETURNING id",
                              [date.map(SQLValue.date) ?? .null, .text(id)]).isEmpty)
    }
}
