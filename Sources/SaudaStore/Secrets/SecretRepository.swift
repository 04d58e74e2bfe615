import Foundation

/// The sealed secrets of every business (`secrets`). Values go in and come out only through a ``SecretSealer``; the
/// table holds the sealed text, the key's id and a hint.
public struct SecretRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// Seals `value` and stores it as the secret `name` of `tenantID`, replacing an earlier value.
    /// - Throws: ``SecretError`` when there is no master key; ``StoreError``.
    @discardableResult
    public func put(tenantID: String, name: String, value: String, sealer: SecretSealer, now: Date) async throws -> StoredSecret {
        let sealed = try sealer.seal(value, tenantID: tenantID, name: name)
        let keyID = SecretSealer.keyID(of: sealed) ?? ""
        let hint = StoredSecret.hint(of: value)
        try await sql.query("""
            INSERT INTO secrets (tenant_id, name, sealed, key_id, hint, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, name) DO UPDATE SET sealed = excluded.sealed, key_id = excluded.key_id, hint = excluded.hint,
                updated_at = excluded.updated_at
            """, [.text(tenantID), .text(name), .text(sealed), .text(keyID), .text(hint), .date(now)])
        return StoredSecret(name: name, hint: hint, keyID: keyID, updatedAt: now)
    }

    /// The value of the secret `name` of `tenantID`, opened; `nil` when there is none.
    /// - Throws: ``SecretError`` when it does not open; ``StoreError``.
    public func reveal(tenantID: String, name: String, sealer: SecretSealer) async throws -> String? {
        guard let row = try await sql.query("SELECT sealed FROM secrets WHERE tenant_id = ? AND name = ?",
                                            [.text(tenantID), .text(name)]).first else { return nil }
        return try sealer.open(try row.string("sealed"), tenantID: tenantID, name: name)
    }

    /// What may be shown of the secret `name` of `tenantID`.
    public func find(tenantID: String, name: String) async throws(StoreError) -> StoredSecret? {
        try await sql.query("SELECT name, hint, key_id, updated_at FROM secrets WHERE tenant_id = ? AND name = ?",
                            [.text(tenantID), .text(name)]).first.map(Self.described)
    }

    /// What may be shown of every secret of `tenantID`, by name.
    public func list(tenantID: String) async throws(StoreError) -> [StoredSecret] {
        try await sql.query("SELECT name, hint, key_id, updated_at FROM secrets WHERE tenant_id = ? ORDER BY name",
                            [.text(tenantID)]).map(Self.described)
    }

    /// Removes the secret `name` of `tenantID`.
    /// - Returns: whether there was one.
    @discardableResult
    public func remove(tenantID: String, name: String) async throws(StoreError) -> Bool {
        !(try await sql.query("DELETE FROM secrets WHERE tenant_id = ? AND name = ? RETURNING id",
                              [.text(tenantID), .text(name)]).isEmpty)
    }

    /// How many secrets each master key sealed, by key id.
    public func countByKey() async throws(StoreError) -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await sql.query("SELECT key_id, COUNT(*) AS n FROM secrets GROUP BY key_id", []) {
            counts[try row.string("key_id")] = Int(row.optionalInt("n") ?? 0)
        }
        return counts
    }

    /// Re-seals up to `limit` secrets that another key than the sealer's current one sealed.
    /// - Returns: how many were re-sealed (fewer than `limit` when none are left).
    /// - Throws: ``SecretError`` when one does not open with the sealer's keys; ``StoreError``.
    public func reseal(limit: Int, sealer: SecretSealer) async throws -> Int {
        guard let current = sealer.currentKeyID else {
            throw SecretError(.missingKey, "no master key to re-seal with: set SAUDA_MASTER_KEY")
        }
        let lock = sql.dialect == .postgres ? " FOR UPDATE" : ""
        let rows = try await sql.query("""
            SELECT id, tenant_id, name, sealed FROM secrets WHERE key_id <> ? ORDER BY id LIMIT \(SQLLimit.literal(limit))\(lock)
            """, [.text(current)])
        for row in rows {
            let (tenantID, name) = (try row.string("tenant_id"), try row.string("name"))
            let value = try sealer.open(try row.string("sealed"), tenantID: tenantID, name: name)
            let sealed = try sealer.seal(value, tenantID: tenantID, name: name)
            try await sql.query("UPDATE secrets SET sealed = ?, key_id = ? WHERE id = ?",
                                [.text(sealed), .text(SecretSealer.keyID(of: sealed) ?? current), .int(try row.int("id"))])
        }
        return rows.count
    }

    private static func described(_ row: SQLRow) throws(StoreError) -> StoredSecret {
        StoredSecret(name: try row.string("name"), hint: try row.string("hint"), keyID: try row.string("key_id"),
                     updatedAt: try row.date("updated_at"))
    }
}
