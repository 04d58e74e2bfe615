import Foundation
import SaudaCore
import Synchronization

/// Tenants looked up by id, remembered for a few seconds: every inbound message names its tenant, and
/// tenants change rarely. A tenant created or removed is seen after at most `timeToLive`.
public final class TenantDirectory: Sendable {
    private let database: any Database
    private let timeToLive: Duration
    private let cache = Mutex<[String: (tenant: Tenant?, at: ContinuousClock.Instant)]>([:])

    /// Creates a directory.
    public init(database: any Database, timeToLive: Duration = .seconds(5)) {
        self.database = database
        self.timeToLive = timeToLive
    }

    /// The tenant with this id, or `nil` when there is none.
    public func tenant(_ id: String) async throws -> Tenant? {
        let now = ContinuousClock.now
        if let entry = cache.withLock({ $0[id] }), now - entry.at < timeToLive { return entry.tenant }
        let tenant = try await database.read { sql in try await TenantRepository(sql).find(id: id) }
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[id] = (tenant, now)
        }
        return tenant
    }
}
