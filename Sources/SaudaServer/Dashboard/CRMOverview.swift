import Foundation
import SaudaStore

/// What the business page shows of the CRM's sync: where the CRM posts its events, how many records wait, and the
/// records given up, with their reasons.
struct CRMOverview: Sendable {
    /// The webhook's path (it holds a secret: shown to admins only).
    var webhookPath: String?
    /// Records waiting to be written.
    var pending = 0
    /// Records given up.
    var dead = 0
    /// The latest records given up.
    var deadRows: [CRMSync] = []

    /// Reads the business's overview.
    static func read(_ database: any Database, tenantID: String, sealer: SecretSealer?) async throws -> CRMOverview {
        try await database.read { sql in
            let syncs = CRMSyncRepository(sql)
            let counts = try await syncs.counts(tenantID: tenantID)
            let secret = try await sealer.asyncMap { try await CRMWebhookSecret.reveal(sql, tenantID: tenantID, sealer: $0) } ?? nil
            return CRMOverview(webhookPath: secret.map { CRMWebhookSecret.path(tenantID: tenantID, secret: $0) }, pending: counts.pending,
                               dead: counts.dead, deadRows: try await syncs.list(tenantID: tenantID, state: "dead", limit: 20))
        }
    }
}

private extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async throws -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
