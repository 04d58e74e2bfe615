import Foundation
import SaudaCore

/// The invitations to businesses (`invites`), found by the SHA-256 of their token.
public struct InviteRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// Stores an invitation by the hash of its token.
    public func create(tenantID: String, email: String, role: AccessRole, tokenHash: String, now: Date,
                       expiresAt: Date) async throws(StoreError) -> Invite {
        let normalized = Account.normalized(email: email)
        let rows = try await sql.query("""
            INSERT INTO invites (tenant_id, email, role, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id
            """, [.text(tenantID), .text(normalized), .text(role.rawValue), .text(tokenHash), .date(now), .date(expiresAt)])
        guard let id = rows.first?.optionalInt("id") else { throw StoreError(.statement, "the invitation was not stored") }
        return Invite(id: id, tenantID: tenantID, email: normalized, role: role, createdAt: now, expiresAt: expiresAt)
    }

    /// The invitation whose token has this hash, used or not.
    public func find(hash: String) async throws(StoreError) -> Invite? {
        try await sql.query("SELECT id, tenant_id, email, role, created_at, expires_at, used_at FROM invites WHERE token_hash = ?",
                            [.text(hash)]).first.map { row throws(StoreError) in try Self.decode(row) }
    }

    /// Marks an invitation used, unless it was already.
    /// - Returns: whether this call used it (`false`: another use came first).
    public func markUsed(id: Int64, now: Date) async throws(StoreError) -> Bool {
        !(try await sql.query("UPDATE invites SET used_at = ? WHERE id = ? AND used_at IS NULL RETURNING id", [.date(now), .int(id)]).isEmpty)
    }

    /// The invitations of a business, newest first.
    public func list(tenantID: String) async throws(StoreError) -> [Invite] {
        var invites: [Invite] = []
        for row in try await sql.query("""
            SELECT id, tenant_id, email, role, created_at, expires_at, used_at FROM invites WHERE tenant_id = ? ORDER BY id DESC
            """, [.text(tenantID)]) {
            invites.append(try Self.decode(row))
        }
        return invites
    }

    private static func decode(_ row: SQLRow) throws(StoreError) -> Invite {
        Invite(id: try row.int("id"), tenantID: try row.string("tenant_id"), email: try row.string("email"),
               role: AccessRole(rawValue: try row.string("role")) ?? .viewer, createdAt: try row.date("created_at"),
               expiresAt: try row.date("expires_at"), usedAt: row.optionalDate("used_at"))
    }
}
