import Foundation
import SaudaCore

/// Tenants, their whitelists and knowledge documents.
public struct TenantRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// Finds a tenant.
    public func find(id: String) async throws(StoreError) -> Tenant? {
        guard let row = try await sql.query("SELECT id, name, time_zone FROM tenants WHERE id = ?", [.text(id)]).first else {
            return nil
        }
        return Tenant(id: try row.string("id"), name: try row.string("name"), timeZone: try row.string("time_zone"))
    }

    /// Creates a tenant.
    /// - Returns: `false` when a tenant with this id exists already (it is left as it is).
    public func create(_ tenant: Tenant, now: Date) async throws(StoreError) -> Bool {
        !(try await sql.query("""
            INSERT INTO tenants (id, name, time_zone, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id
            """, [.text(tenant.id), .text(tenant.name), .text(tenant.timeZone), .date(now)]).isEmpty)
    }

    /// All tenants, by id.
    public func all() async throws(StoreError) -> [Tenant] {
        var tenants: [Tenant] = []
        for row in try await sql.query("SELECT id, name, time_zone FROM tenants ORDER BY id", []) {
            tenants.append(Tenant(id: try row.string("id"), name: try row.string("name"), timeZone: try row.string("time_zone")))
        }
        return tenants
    }

    /// Whether a phone number is on a tenant's whitelist (the bot never answers it).
    public func isWhitelisted(tenantID: String, phoneNumber: String) async throws(StoreError) -> Bool {
        !(try await sql.query("SELECT 1 AS x FROM whitelist WHERE tenant_id = ? AND phone_number = ?",
                              [.text(tenantID), .text(phoneNumber)]).isEmpty)
    }

    /// Puts a number (digits, as ``PhoneNumber/normalize(_:)`` gives) on a tenant's whitelist, or updates its note.
    public func addToWhitelist(tenantID: String, phoneNumber: String, note: String?, now: Date) async throws(StoreError) {
        try await sql.query("""
            INSERT INTO whitelist (tenant_id, phone_number, note, added_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (tenant_id, phone_number) DO UPDATE SET note = COALESCE(excluded.note, whitelist.note)
            """, [.text(tenantID), .text(phoneNumber), .text(note), .date(now)])
    }

    /// Takes a number off a tenant's whitelist.
    /// - Returns: whether it was on it.
    public func removeFromWhitelist(tenantID: String, phoneNumber: String) async throws(StoreError) -> Bool {
        !(try await sql.query("DELETE FROM whitelist WHERE tenant_id = ? AND phone_number = ? RETURNING id",
                              [.text(tenantID), .text(phoneNumber)]).isEmpty)
    }

    /// Whitelisted numbers of a tenant.
    public func whitelist(tenantID: String) async throws(StoreError) -> [(phone: String, note: String?)] {
        try await sql.query("SELECT phone_number, note FROM whitelist WHERE tenant_id = ? ORDER BY phone_number",
                            [.text(tenantID)]).map { row throws(StoreError) in (try row.string("phone_number"), row.optionalString("note")) }
    }

    /// Stores a knowledge document unless the same content is already stored under that name.
    /// - Returns: whether it changed.
    @discardableResult
    public func upsertKnowledgeDocument(tenantID: String, name: String, content: String, contentHash: String,
                                        now: Date) async throws(StoreError) -> Bool {
        let rows = try await sql.query("""
            INSERT INTO knowledge_documents (tenant_id, name, content, content_hash, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, name) DO UPDATE SET content = excluded.content, content_hash = excluded.content_hash,
                updated_at = excluded.updated_at
            WHERE knowledge_documents.content_hash <> excluded.content_hash
            RETURNING id
            """, [.text(tenantID), .text(name), .text(content), .text(contentHash), .date(now)])
        return !rows.isEmpty
    }

    /// The content hash of a stored knowledge document, if there is one under that name.
    public func knowledgeDocumentHash(tenantID: String, name: String) async throws(StoreError) -> String? {
        try await sql.query("SELECT content_hash FROM knowledge_documents WHERE tenant_id = ? AND name = ?",
                            [.text(tenantID), .text(name)]).first?.optionalString("content_hash")
    }

    /// A value that changes whenever a tenant's knowledge documents change (their number and latest change).
    public func knowledgeVersion(tenantID: String) async throws(StoreError) -> String {
        let row = try await sql.query("SELECT COUNT(*) AS n, MAX(updated_at) AS latest FROM knowledge_documents WHERE tenant_id = ?",
                                      [.text(tenantID)]).first
        return "\((try? row?.int("n")) ?? 0)/\(row?.optionalDate("latest")?.timeIntervalSince1970 ?? 0)"
    }

    /// Names, sizes and hashes of a tenant's knowledge documents.
    public func knowledgeDocumentList(tenantID: String) async throws(StoreError) -> [(name: String, characters: Int, hash: String, updatedAt: Date)] {
        var list: [(name: String, characters: Int, hash: String, updatedAt: Date)] = []
        for row in try await sql.query("SELECT name, content, content_hash, updated_at FROM knowledge_documents WHERE tenant_id = ? ORDER BY name",
                                       [.text(tenantID)]) {
            list.append((try row.string("name"), try row.string("content").count, try row.string("content_hash"), try row.date("updated_at")))
        }
        return list
    }

    /// Removes a knowledge document.
    /// - Returns: whether there was one under that name.
    @discardableResult
    public func removeKnowledgeDocument(tenantID: String, name: String) async throws(StoreError) -> Bool {
        !(try await sql.query("DELETE FROM knowledge_documents WHERE tenant_id = ? AND name = ? RETURNING id", [.text(tenantID), .text(name)])).isEmpty
    }

    /// The text of one knowledge document, `nil` when the tenant has none of that name.
    public func knowledgeDocument(tenantID: String, name: String) async throws(StoreError) -> String? {
        try await sql.query("SELECT content FROM knowledge_documents WHERE tenant_id = ? AND name = ?",
                            [.text(tenantID), .text(name)]).first?.optionalString("content")
    }

    /// Knowledge documents of a tenant as (name, content).
    public func knowledgeDocuments(tenantID: String) async throws(StoreError) -> [(name: String, content: String)] {
        try await sql.query("SELECT name, content FROM knowledge_documents WHERE tenant_id = ? ORDER BY name",
                            [.text(tenantID)]).map { row throws(StoreError) in (try row.string("name"), try row.string("content")) }
    }
}
