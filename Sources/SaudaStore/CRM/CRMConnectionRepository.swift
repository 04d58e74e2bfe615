import Foundation
import SaudaCore

/// The CRM connection slot of each business (`crm_connections`), with its credentials in ``SecretRepository``.
public struct CRMConnectionRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// The business's connection, with the hint of its credentials; `nil` when it has none.
    public func find(tenantID: String) async throws(StoreError) -> CRMConnection? {
        guard let row = try await sql.query("""
            SELECT tenant_id, crm_type, base_url, field_mapping, settings, state, last_error, created_at, updated_at
            FROM crm_connections WHERE tenant_id = ?
            """, [.text(tenantID)]).first else { return nil }
        let typeName = try row.string("crm_type")
        guard let type = CRMType(rawValue: typeName) else {
            throw StoreError(.statement, "crm_connections of «\(tenantID)» names an unknown CRM «\(typeName)»")
        }
        return CRMConnection(
            tenantID: tenantID, type: type, baseURL: try row.string("base_url"), fieldMapping: try row.string("field_mapping"),
            settings: row.optionalString("settings") ?? "{}",
            state: ConnectionState(rawValue: try row.string("state")) ?? .failing, lastError: row.optionalString("last_error"),
            credentials: try await SecretRepository(sql).find(tenantID: tenantID, name: CRMConnection.credentialsSecretName),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    /// Stores the business's connection (its settings, state and last error; not its credentials), replacing the one
    /// it had. Changing the CRM or its address clears the last error.
    public func save(_ connection: CRMConnection) async throws(StoreError) {
        try await sql.query("""
            INSERT INTO crm_connections (tenant_id, crm_type, base_url, field_mapping, settings, state, last_error, created_at,
                updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id) DO UPDATE SET crm_type = excluded.crm_type, base_url = excluded.base_url,
                field_mapping = excluded.field_mapping, settings = excluded.settings, state = excluded.state,
                last_error = excluded.last_error, updated_at = excluded.updated_at
            """, [.text(connection.tenantID), .text(connection.type.rawValue), .text(connection.baseURL), .text(connection.fieldMapping),
                  .text(connection.settings), .text(connection.state.rawValue), .text(connection.lastError), .date(connection.createdAt), .date(connection.updatedAt)])
    }

    /// Sets the connection's state and last error (the CRM sync turns it `failing` when the CRM refuses the credentials,
    /// and `active` again when a check passes), leaving its settings alone.
    /// - Returns: whether the business has a connection.
    @discardableResult
    public func setState(tenantID: String, _ state: ConnectionState, lastError: String?, now: Date) async throws(StoreError) -> Bool {
        !(try await sql.query("""
            UPDATE crm_connections SET state = ?, last_error = ?, updated_at = ? WHERE tenant_id = ? RETURNING tenant_id
            """, [.text(state.rawValue), .text(lastError), .date(now), .text(tenantID)]).isEmpty)
    }

    /// Turns an `active` connection `failing` with the reason (the CRM refused its credentials); a connection an admin
    /// paused or changed meanwhile is left as it is.
    /// - Returns: whether it was active.
    @discardableResult
    public func markFailing(tenantID: String, lastError: String, now: Date) async throws(StoreError) -> Bool {
        !(try await sql.query("""
            UPDATE crm_connections SET state = 'failing', last_error = ?, updated_at = ? WHERE tenant_id = ? AND state = 'active'
            RETURNING tenant_id
            """, [.text(lastError), .date(now), .text(tenantID)]).isEmpty)
    }

    /// The businesses whose connection is `failing` and has not changed since `before` (the sync checks them again).
    public func failing(unchangedSince before: Date) async throws(StoreError) -> [String] {
        try await sql.query("SELECT tenant_id FROM crm_connections WHERE state = 'failing' AND updated_at < ? ORDER BY updated_at",
                            [.date(before)]).map { row throws(StoreError) in try row.string("tenant_id") }
    }

    /// Removes the business's connection, its credentials and its webhook's secret.
    /// - Returns: whether it had one.
    @discardableResult
    public func remove(tenantID: String) async throws(StoreError) -> Bool {
        try await SecretRepository(sql).remove(tenantID: tenantID, name: CRMConnection.credentialsSecretName)
        try await SecretRepository(sql).remove(tenantID: tenantID, name: CRMWebhookSecret.name)
        return !(try await sql.query("DELETE FROM crm_connections WHERE tenant_id = ? RETURNING tenant_id", [.text(tenantID)]).isEmpty)
    }
}
