import Foundation
import SaudaCore

/// The personal accounts connected to the businesses' channel connections (`channel_business_accounts`).
public struct BusinessAccountRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// Stores the account link as the channel reported it now.
    public func save(_ account: BusinessAccount) async throws(StoreError) {
        try await sql.query("""
            INSERT INTO channel_business_accounts (connection_id, tenant_id, account_id, owner_id, owner_name, can_reply, enabled, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (connection_id, account_id) DO UPDATE SET owner_id = excluded.owner_id, owner_name = excluded.owner_name,
                can_reply = excluded.can_reply, enabled = excluded.enabled, updated_at = excluded.updated_at
            """, [.text(account.connectionID), .text(account.tenantID), .text(account.accountID), .text(account.ownerID),
                  .text(account.ownerName), .bool(account.canReply), .bool(account.enabled), .date(account.updatedAt)])
    }

    /// One account link of a connection.
    public func find(connectionID: String, accountID: String) async throws(StoreError) -> BusinessAccount? {
        try await sql.query("SELECT * FROM channel_business_accounts WHERE connection_id = ? AND account_id = ?",
                            [.text(connectionID), .text(accountID)]).first.map(Self.decode)
    }

    /// The account links of a connection, newest first.
    public func list(connectionID: String) async throws(StoreError) -> [BusinessAccount] {
        try await sql.query("SELECT * FROM channel_business_accounts WHERE connection_id = ? ORDER BY updated_at DESC, account_id",
                            [.text(connectionID)]).map(Self.decode)
    }

    static func decode(_ row: SQLRow) throws(StoreError) -> BusinessAccount {
        BusinessAccount(connectionID: try row.string("connection_id"), tenantID: try row.string("tenant_id"),
                        accountID: try row.string("account_id"), ownerID: try row.string("owner_id"),
                        ownerName: row.optionalString("owner_name"), canReply: row.optionalBool("can_reply") ?? false,
                        enabled: row.optionalBool("enabled") ?? false, updatedAt: try row.date("updated_at"))
    }
}
