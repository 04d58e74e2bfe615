import Foundation
import SaudaCore

extension TenantRepository {
    /// Changes a tenant's name and time zone (the caller has checked them).
    /// - Returns: `false` when there is no such tenant.
    @discardableResult
    public func update(_ tenant: Tenant) async throws(StoreError) -> Bool {
        !(try await sql.query("UPDATE tenants SET name = ?, time_zone = ? WHERE id = ? RETURNING id",
                              [.text(tenant.name), .text(tenant.timeZone), .text(tenant.id)]).isEmpty)
    }
}
