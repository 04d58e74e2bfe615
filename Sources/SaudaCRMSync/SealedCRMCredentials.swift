import Foundation
import SaudaCRM
import SaudaStore

/// Seals credentials an adapter renewed (amoCRM's refreshed tokens) back into the business's CRM slot, so the next
/// process start, and every other process, use the new ones.
public struct SealedCRMCredentials: CRMCredentialsStore {
    let database: any Database
    let sealer: SecretSealer
    let tenantID: String

    /// Creates the store of `tenantID`'s CRM credentials.
    public init(database: any Database, sealer: SecretSealer, tenantID: String) {
        self.database = database
        self.sealer = sealer
        self.tenantID = tenantID
    }

    public func storeRenewedCredentials(_ credentials: String) async throws(CRMError) {
        let (sealer, tenantID) = (sealer, tenantID)
        do {
            _ = try await database.transaction { sql in
                try await SecretRepository(sql).put(tenantID: tenantID, name: CRMConnection.credentialsSecretName, value: credentials,
                                                    sealer: sealer, now: Date())
            }
        } catch {
            throw .retryable(reason: "the renewed CRM credentials could not be sealed: \(error)", outcomeUnknown: false)
        }
    }
}
