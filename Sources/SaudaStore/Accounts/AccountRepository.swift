import Foundation
import SaudaCore

/// Console accounts and their memberships in businesses.
public struct AccountRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// Makes an account.
    /// - Returns: `nil` when an account with this email exists already.
    public func create(email: String, name: String, password: PasswordHash, now: Date) async throws(StoreError) -> Account? {
        let normalized = Account.normalized(email: email)
        let rows = try await sql.query("""
            INSERT INTO accounts (email, name, password_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING id
            """, [.text(normalized), .text(name), .text(password.encoded), .date(now)])
        guard let id = rows.first?.optionalInt("id") else { return nil }
        return Account(id: id, email: normalized, name: name, createdAt: now)
    }

    /// The account of `email` and its stored password hash.
    public func find(email: String) async throws(StoreError) -> (account: Account, password: PasswordHash)? {
        guard let row = try await sql.query("""
            SELECT id, email, name, password_hash, created_at, suspended_at, is_owner FROM accounts WHERE email = ?
            """, [.text(Account.normalized(email: email))]).first else { return nil }
        return (try Self.decode(row), PasswordHash(encoded: try row.string("password_hash")))
    }

    /// Every account, by email.
    public func all() async throws(StoreError) -> [Account] {
        var accounts: [Account] = []
        for row in try await sql.query("SELECT id, email, name, created_at, suspended_at, is_owner FROM accounts ORDER BY email", []) {
            accounts.append(try Self.decode(row))
        }
        return accounts
    }

    /// Gives the account `role` in `tenantID` (replacing the role it had there).
    public func join(accountID: Int64, tenantID: String, role: AccessRole, now: Date) async throws(StoreError) {
        try await sql.query("""
            INSERT INTO memberships (account_id, tenant_id, role, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (account_id, tenant_id) DO UPDATE SET role = excluded.role
            """, [.int(accountID), .text(tenantID), .text(role.rawValue), .date(now)])
    }

    /// The businesses of an account, by business id.
    public func memberships(accountID: Int64) async throws(StoreError) -> [Membership] {
        try await sql.query("SELECT tenant_id, role FROM memberships WHERE account_id = ? ORDER BY tenant_id", [.int(accountID)])
            .map { row throws(StoreError) in
                Membership(tenantID: try row.string("tenant_id"), role: AccessRole(rawValue: try row.string("role")) ?? .viewer)
            }
    }

    /// The accounts of a business with their roles there, by email.
    public func members(tenantID: String) async throws(StoreError) -> [(account: Account, role: AccessRole)] {
        var members: [(account: Account, role: AccessRole)] = []
        for row in try await sql.query("""
            SELECT a.id, a.email, a.name, a.created_at, a.suspended_at, a.is_owner, m.role FROM memberships m
            JOIN accounts a ON a.id = m.account_id WHERE m.tenant_id = ? ORDER BY a.email
            """, [.text(tenantID)]) {
            members.append((try Self.decode(row), AccessRole(rawValue: try row.string("role")) ?? .viewer))
        }
        return members
    }

    /// The account with this id.
    public func find(id: Int64) async throws(StoreError) -> Account? {
        try await sql.query("SELECT id, email, name, created_at, suspended_at, is_owner FROM accounts WHERE id = ?", [.int(id)])
            .first.map { row throws(StoreError) in try Self.decode(row) }
    }

    /// Makes the account an owner of the installation (or no longer one).
    /// - Returns: whether the account exists.
    @discardableResult
    public func setOwner(accountID: Int64, _ owner: Bool) async throws(StoreError) -> Bool {
        !(try await sql.query("UPDATE accounts SET is_owner = ? WHERE id = ? RETURNING id", [.bool(owner), .int(accountID)]).isEmpty)
    }

    /// Whether the installation has an owner.
    public func hasOwner() async throws(StoreError) -> Bool {
        !(try await sql.query("SELECT 1 AS found FROM accounts WHERE is_owner = ? LIMIT 1", [.bool(true)]).isEmpty)
    }

    /// Suspends the account (or lifts the suspension) and ends its sessions.
    /// - Returns: whether the account exists.
    @discardableResult
    public func setSuspended(email: String, _ suspended: Bool, now: Date) async throws(StoreError) -> Bool {
        let rows = try await sql.query("UPDATE accounts SET suspended_at = ? WHERE email = ? RETURNING id",
                                       [suspended ? .date(now) : .null, .text(Account.normalized(email: email))])
        guard let id = rows.first?.optionalInt("id") else { return false }
        if suspended { try await ApiTokenRepository(sql).revokeSessions(accountID: id, now: now) }
        return true
    }

    /// Removes the account, its memberships and its sessions.
    /// - Returns: whether it existed.
    @discardableResult
    public func remove(email: String) async throws(StoreError) -> Bool {
        let normalized = Account.normalized(email: email)
        try await sql.query("DELETE FROM api_tokens WHERE account_id IN (SELECT id FROM accounts WHERE email = ?)", [.text(normalized)])
        try await sql.query("DELETE FROM memberships WHERE account_id IN (SELECT id FROM accounts WHERE email = ?)", [.text(normalized)])
        return !(try await sql.query("DELETE FROM accounts WHERE email = ? RETURNING id", [.text(normalized)]).isEmpty)
    }

    private static func decode(_ row: SQLRow) throws(StoreError) -> Account {
        Account(id: try row.int("id"), email: try row.string("email"), name: try row.string("name"), createdAt: try row.date("created_at"),
                suspendedAt: row.optionalDate("suspended_at"), isOwner: row.optionalBool("is_owner") ?? false)
    }
}
