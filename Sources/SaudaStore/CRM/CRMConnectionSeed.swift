import Foundation
import SaudaCore

/// Makes the CRM of `CRM_*` the default business's CRM connection on start, when it has none: its settings stored, its
/// key sealed. From then on the row wins: a later change of `CRM_*` does not change it (it is edited in the console
/// or the API like every business's).
public enum CRMConnectionSeed {
    /// Makes the connection when it is due.
    /// - Returns: the connection made; `nil` when the business already has one (nothing is written).
    /// - Throws: a ``StoreError``, or a ``SecretError`` when the key cannot be sealed (no master key).
    @discardableResult
    public static func seed(_ environment: CRMEnvironment, tenantID: String = Tenant.defaultID, database: any Database, sealer: SecretSealer,
                            now: Date = Date()) async throws -> CRMConnection? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let settings = String(decoding: try encoder.encode(environment.settings), as: UTF8.self)
        return try await database.transaction { sql -> CRMConnection? in
            let connections = CRMConnectionRepository(sql)
            guard try await connections.find(tenantID: tenantID) == nil else { return nil }
            let connection = CRMConnection(tenantID: tenantID, type: environment.type, baseURL: environment.baseURL, settings: settings,
                                           createdAt: now, updatedAt: now)
            try await connections.save(connection)
            _ = try await SecretRepository(sql).put(tenantID: tenantID, name: CRMConnection.credentialsSecretName,
                                                    value: environment.credentials, sealer: sealer, now: now)
            _ = try await CRMWebhookSecret.ensure(sql, tenantID: tenantID, sealer: sealer, now: now)
            return connection
        }
    }
}
