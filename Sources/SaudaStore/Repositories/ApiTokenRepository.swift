import Foundation
import SaudaCore

/// An API token as stored: never the token itself, only its SHA-256.
public struct ApiToken: Sendable, Hashable, Codable {
    /// Row id.
    public var id: Int64
    /// The tenant whose data the token opens, and only that tenant's.
    public var tenantID: String
    /// Who or what holds it.
    public var name: String
    /// What it may do.
    public var role: AccessRole
    /// The first characters of the token, to recognise it in lists.
    public var prefix: String
    /// When it was created.
    public var createdAt: Date
    /// When it was revoked, if it was.
    public var revokedAt: Date?
    /// When it stops working by itself: a console session of an account. `nil` for an API token.
    public var expiresAt: Date?
    /// The account a console session belongs to; `nil` for an API token.
    public var accountID: Int64?

    /// Whether it works at `now` (it was not revoked, and has not expired).
    public func isLive(at now: Date) -> Bool { revokedAt == nil && (expiresAt.map { now < $0 } ?? true) }
}

/// API tokens of the admin API and the dashboard, stored by their SHA-256 only (the server's `AccessTokens`
/// makes and hashes them), so a leaked database leaks no usable token.
public struct ApiTokenRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// Stores a token by its hash.
    /// - Parameters:
    ///   - tokenHash: the token's SHA-256, hex.
    ///   - prefix: its first characters, to recognise it in lists.
    ///   - expiresAt: when a console session ends by itself (`nil`: an API token, until revoked).
    ///   - accountID: the account of a console session.
    public func create(tenantID: String, name: String, role: AccessRole, tokenHash: String, prefix: String,
                       now: Date, expiresAt: Date? = nil, accountID: Int64? = nil) async throws(StoreError) -> ApiToken {
        let rows = try await sql.query("""
            INSERT INTO api_tokens (tenant_id, name, role, token_hash, prefix, created_at, expires_at, account_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, [.text(tenantID), .text(name), .text(role.rawValue), .text(tokenHash), .text(prefix), .date(now),
                  expiresAt.map(SQLValue.date) ?? .null, accountID.map(SQLValue.int) ?? .null])
        guard let id = rows.first?.optionalInt("id") else { throw StoreError(.statement, "the token was not stored") }
        return ApiToken(id: id, tenantID: tenantID, name: name, role: role, prefix: prefix, createdAt: now, revokedAt: nil,
                        expiresAt: expiresAt, accountID: accountID)
    }

    /// The live (not revoked) token with this hash.
    public func find(hash: String) async throws(StoreError) -> ApiToken? {
        try await sql.query("SELECT \(Self.columns) FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", [.text(hash)])
            .first.map { row throws(StoreError) in try Self.decode(row) }
    }

    /// API tokens of a tenant (all tenants when `nil`), newest first, an owner's long-lived tokens among them; console
    /// sessions (an account's tokens that expire) are not.
    public func list(tenantID: String?) async throws(StoreError) -> [ApiToken] {
        let rows = if let tenantID {
            try await sql.query("SELECT \(Self.columns) FROM api_tokens WHERE tenant_id = ? AND (account_id IS NULL OR expires_at IS NULL) ORDER BY id DESC",
                                [.text(tenantID)])
        } else {
            try await sql.query("SELECT \(Self.columns) FROM api_tokens WHERE account_id IS NULL OR expires_at IS NULL ORDER BY id DESC", [])
        }
        var tokens: [ApiToken] = []
        for row in rows { tokens.append(try Self.decode(row)) }
        return tokens
    }

    /// Revokes a token.
    /// - Returns: whether a live token was revoked.
    public func revoke(id: Int64, tenantID: String? = nil, now: Date) async throws(StoreError) -> Bool {
        let tenantFilter = tenantID == nil ? "" : " AND tenant_id = ?"
        return !(try await sql.query("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL\(tenantFilter) RETURNING id",
                                     [.date(now), .int(id)] + (tenantID.map { [SQLValue.text($0)] } ?? [])).isEmpty)
    }

    /// Ends every live console session of an account (it was suspended).
    public func revokeSessions(accountID: Int64, now: Date) async throws(StoreError) {
        try await sql.query("UPDATE api_tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL", [.date(now), .int(accountID)])
    }

    /// Ends every live console session in a business (it was suspended), but those of the installation's owners.
    public func revokeSessions(tenantID: String, now: Date) async throws(StoreError) {
        try await sql.query("""
            UPDATE api_tokens SET revoked_at = ? WHERE tenant_id = ? AND account_id IS NOT NULL AND revoked_at IS NULL
                AND account_id NOT IN (SELECT id FROM accounts WHERE is_owner = ?)
            """, [.date(now), .text(tenantID), .bool(true)])
    }

    /// Whether the tenant has any live token.
    public func hasLiveToken(tenantID: String) async throws(StoreError) -> Bool {
        !(try await sql.query("SELECT 1 AS found FROM api_tokens WHERE tenant_id = ? AND revoked_at IS NULL LIMIT 1",
                              [.text(tenantID)]).isEmpty)
    }

    static let columns = "id, tenant_id, name, role, prefix, created_at, revoked_at, expires_at, account_id"

    static func decode(_ row: SQLRow) throws(StoreError) -> ApiToken {
        ApiToken(id: try row.int("id"), tenantID: try row.string("tenant_id"), name: try row.string("name"),
                 role: AccessRole(rawValue: try row.string("role")) ?? .viewer, prefix: try row.string("prefix"),
                 createdAt: try row.date("created_at"), revokedAt: row.optionalDate("revoked_at"), expiresAt: row.optionalDate("expires_at"),
                 accountID: row.optionalInt("account_id"))
    }
}
