import Foundation
import HTTPTypes
import SaudaCore
import SaudaServer
import SaudaStore

/// An admin token of the default tenant made straight in `system`'s database, as the `Authorization` header that
/// `/stats`, `/metrics` and the detail of `/health` need.
func adminAuthorization(_ system: SaudaSystem, name: String = "operations test") async throws -> HTTPFields {
    let token = try await system.database.transaction { sql in
        try await AccessTokens.issue(tenantID: "default", name: name, role: .admin, in: sql).token
    }
    return [.authorization: "Bearer \(token)"]
}
