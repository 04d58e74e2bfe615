import Foundation
import SaudaCore

/// The channel connections of every business (`channel_connections`); their secrets are in ``SecretRepository``
/// under ``ChannelConnection/secretName(_:)``.
public struct ChannelConnectionRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    static let columns = "id, tenant_id, provider, name, public_id, settings, state, last_error, version, created_at, updated_at"

    /// A connection of `tenantID` by its id; `nil` when the business has none of that id.
    public func find(tenantID: String, id: String) async throws(StoreError) -> ChannelConnection? {
        try await sql.query("SELECT \(Self.columns) FROM channel_connections WHERE tenant_id = ? AND id = ?",
                            [.text(tenantID), .text(id)]).first.map(Self.decode)
    }

    /// The connection a public id (a webhook address, a widget snippet) names, of whichever business.
    public func find(publicID: String) async throws(StoreError) -> ChannelConnection? {
        try await sql.query("SELECT \(Self.columns) FROM channel_connections WHERE public_id = ?", [.text(publicID)]).first.map(Self.decode)
    }

    /// The connections of a business, oldest first.
    public func list(tenantID: String) async throws(StoreError) -> [ChannelConnection] {
        try await sql.query("SELECT \(Self.columns) FROM channel_connections WHERE tenant_id = ? ORDER BY created_at, id",
                            [.text(tenantID)]).map(Self.decode)
    }

    /// Every connection of the installation, with whether its business is suspended, by business then age.
    public func all() async throws(StoreError) -> [(connection: ChannelConnection, businessSuspended: Bool)] {
        let rows = try await sql.query("""
            SELECT c.id, c.tenant_id, c.provider, c.name, c.public_id, c.settings, c.state, c.last_error, c.version, c.created_at,
                   c.updated_at, t.suspended_at
            FROM channel_connections c JOIN tenants t ON t.id = c.tenant_id ORDER BY c.tenant_id, c.created_at, c.id
            """, [])
        var result: [(ChannelConnection, Bool)] = []
        for row in rows { result.append((try Self.decode(row), row.optionalDate("suspended_at") != nil)) }
        return result
    }

    /// Adds a connection.
    /// - Returns: `false` when the business already has a connection of that name (nothing is added).
    @discardableResult
    public func add(_ connection: ChannelConnection) async throws(StoreError) -> Bool {
        !(try await sql.query("""
            INSERT INTO channel_connections (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id
            """, [.text(connection.id), .text(connection.tenantID), .text(connection.provider.rawValue), .text(connection.name),
                  .text(connection.publicID), .text(connection.settings), .text(connection.state.rawValue), .text(connection.lastError),
                  .int(connection.version), .date(connection.createdAt), .date(connection.updatedAt)]).isEmpty)
    }

    /// Stores a changed connection (its name, settings, state and last error) and moves its version on.
    /// - Returns: the stored connection; `nil` when it no longer exists.
    public func update(_ connection: ChannelConnection, now: Date) async throws(StoreError) -> ChannelConnection? {
        try await sql.query("""
            UPDATE channel_connections SET name = ?, settings = ?, state = ?, last_error = ?, version = version + 1, updated_at = ?
            WHERE tenant_id = ? AND id = ? RETURNING \(Self.columns)
            """, [.text(connection.name), .text(connection.settings), .text(connection.state.rawValue), .text(connection.lastError),
                  .date(now), .text(connection.tenantID), .text(connection.id)]).first.map(Self.decode)
    }

    /// Records what a connection's last call to its provider found: `failing` with the error, or `active` again when
    /// it was failing. A paused connection stays paused. The version moves only when the state changes, so that a
    /// supervisor does not restart a connection for its own report.
    public func report(tenantID: String, id: String, error: String?, now: Date) async throws(StoreError) {
        if let error {
            try await sql.query("""
                UPDATE channel_connections SET state = 'failing', last_error = ?, updated_at = ?
                WHERE tenant_id = ? AND id = ? AND state <> 'paused'
                """, [.text(error), .date(now), .text(tenantID), .text(id)])
        } else {
            try await sql.query("""
                UPDATE channel_connections SET state = 'active', last_error = NULL, updated_at = ?
                WHERE tenant_id = ? AND id = ? AND state = 'failing'
                """, [.date(now), .text(tenantID), .text(id)])
        }
    }

    /// Removes a connection and its secrets.
    /// - Returns: whether the business had it.
    @discardableResult
    public func remove(tenantID: String, id: String) async throws(StoreError) -> Bool {
        try await sql.query("DELETE FROM secrets WHERE tenant_id = ? AND name LIKE ?",
                            [.text(tenantID), .text(ChannelConnection.secretName(connectionID: id, "") + "%")])
        return !(try await sql.query("DELETE FROM channel_connections WHERE tenant_id = ? AND id = ? RETURNING id",
                                     [.text(tenantID), .text(id)]).isEmpty)
    }

    /// The id and version of every connection with whether its business is suspended: what a supervisor compares with
    /// what it runs.
    public func versions() async throws(StoreError) -> [String: (version: Int, businessSuspended: Bool)] {
        var result: [String: (Int, Bool)] = [:]
        for row in try await sql.query("""
            SELECT c.id, c.version, t.suspended_at FROM channel_connections c JOIN tenants t ON t.id = c.tenant_id
            """, []) {
            result[try row.string("id")] = (Int(try row.int("version")), row.optionalDate("suspended_at") != nil)
        }
        return result
    }

    static func decode(_ row: SQLRow) throws(StoreError) -> ChannelConnection {
        let id = try row.string("id")
        let providerName = try row.string("provider")
        guard let provider = ChannelProvider(rawValue: providerName) else {
            throw StoreError(.statement, "channel connection «\(id)» names an unknown provider «\(providerName)»")
        }
        return ChannelConnection(
            id: id, tenantID: try row.string("tenant_id"), provider: provider, name: try row.string("name"),
            publicID: try row.string("public_id"), settings: try row.string("settings"),
            state: ConnectionState(rawValue: try row.string("state")) ?? .failing, lastError: row.optionalString("last_error"),
            version: Int(try row.int("version")), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
