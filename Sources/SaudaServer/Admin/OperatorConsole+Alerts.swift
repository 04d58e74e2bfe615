import Foundation
import SaudaCore
import SaudaStore

/// Operator alerts ("needs a human") as the console shows and closes them, for one tenant at a time.
extension OperatorConsole {
    /// A tenant's alerts, newest first (only the open ones unless `all`), each with its contact when it still exists.
    public func alerts(tenantID: String, all: Bool, limit: Int, offset: Int) async throws -> [(alert: StoredAlert, contact: Contact?)] {
        try await database.read { sql in
            let alerts = try await AlertRepository(sql).list(tenantID: tenantID, openOnly: !all, limit: limit, offset: offset)
            let contacts = try await ContactRepository(sql).find(tenantID: tenantID, ids: Set(alerts.map(\.contactID)))
            return alerts.map { alert in (alert: alert, contact: contacts[alert.contactID]) }
        }
    }

    /// How many of a tenant's alerts are open.
    public func openAlertCount(tenantID: String) async throws -> Int {
        try await database.read { sql in try await AlertRepository(sql).countOpen(tenantID: tenantID) }
    }

    /// Closes one of the tenant's open alerts.
    /// - Returns: whether it was open (`false` for a closed, unknown or another tenant's alert).
    public func resolveAlert(tenantID: String, id: Int64, by name: String) async throws -> Bool {
        try await database.transaction { sql in try await AlertRepository(sql).resolve(tenantID: tenantID, id: id, by: name, now: Date()) }
    }
}
