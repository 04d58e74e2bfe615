import Foundation
import SaudaCore

/// The `business_settings` table: each tenant's ``BusinessSettings`` as JSON, with a revision for optimistic saves.
public struct BusinessSettingsRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// The saved settings of a tenant, `nil` when it never saved any (it then uses the installation's).
    /// - Throws: ``StoreError`` `.decoding` when the stored JSON is not settings.
    public func find(tenantID: String) async throws(StoreError) -> StoredBusinessSettings? {
        guard let row = try await sql.query("SELECT settings, revision, updated_at FROM business_settings WHERE tenant_id = ?",
                                            [.text(tenantID)]).first else { return nil }
        let json = try row.string("settings")
        let settings: BusinessSettings
        do { settings = try JSONDecoder().decode(BusinessSettings.self, from: Data(json.utf8)) } catch {
            throw StoreError(.decoding, "business_settings of \(tenantID): \(error)")
        }
        return StoredBusinessSettings(settings: settings, revision: Int(try row.int("revision")), updatedAt: try row.date("updated_at"))
    }

    /// Saves a tenant's settings (the caller has validated them).
    /// - Parameter expectedRevision: the revision the editor read (0: none saved yet); `nil` saves whatever is stored.
    /// - Returns: the new revision.
    /// - Throws: ``StoreError`` `.conflict` when the stored revision is not `expectedRevision` (someone saved since).
    @discardableResult
    public func save(tenantID: String, _ settings: BusinessSettings, expectedRevision: Int? = nil, now: Date) async throws(StoreError) -> Int {
        let json: String
        do { json = String(decoding: try Self.encoder.encode(settings), as: UTF8.self) } catch {
            throw StoreError(.decoding, "business settings of \(tenantID) cannot be encoded: \(error)")
        }
        let rows: [SQLRow]
        if let expectedRevision {
            rows = try await sql.query("""
                INSERT INTO business_settings (tenant_id, settings, revision, updated_at) VALUES (?, ?, 1, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings, revision = business_settings.revision + 1,
                    updated_at = excluded.updated_at
                WHERE business_settings.revision = ?
                RETURNING revision
                """, [.text(tenantID), .text(json), .date(now), .int(expectedRevision)])
            if rows.isEmpty {
                throw StoreError(.conflict, "the settings of \(tenantID) changed since revision \(expectedRevision)")
            }
        } else {
            rows = try await sql.query("""
                INSERT INTO business_settings (tenant_id, settings, revision, updated_at) VALUES (?, ?, 1, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings, revision = business_settings.revision + 1,
                    updated_at = excluded.updated_at
                RETURNING revision
                """, [.text(tenantID), .text(json), .date(now)])
        }
        guard let row = rows.first else { throw StoreError(.statement, "saving the settings of \(tenantID) returned no revision") }
        return Int(try row.int("revision"))
    }

    /// Sorted keys, so that the same settings are stored as the same text.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
