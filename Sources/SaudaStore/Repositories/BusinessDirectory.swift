import Foundation
import SaudaCore
import Synchronization

/// Each tenant's ``BusinessProfile`` (settings, calendar and the hint of its own model key), remembered for a few seconds: a turn asks for it, and
/// settings change rarely. A change saved by any process takes effect after at most `timeToLive`; one saved through
/// ``forget(_:)``'s caller at once.
public final class BusinessDirectory: Sendable {
    private let database: any Database
    private let defaults: BusinessSettings
    private let fallbackTimeZone: TimeZone
    private let timeToLive: Duration
    private let clock: AnyClock
    private let cache = Mutex<[String: (profile: BusinessProfile?, at: AnyClock.Instant)]>([:])

    /// Creates a directory.
    /// - Parameters:
    ///   - defaults: the settings of a business that saved none (``BusinessSettings/installationDefaults(_:)``).
    ///   - fallbackTimeZone: the installation's time zone, for a tenant whose zone is unknown to this system.
    ///   - timeToLive: how long a profile is used before it is read again; at most 10 seconds keeps a change
    ///     effective within 10 seconds.
    ///   - clock: the clock of the time to live (a test's manual clock in tests).
    public init(database: any Database, defaults: BusinessSettings, fallbackTimeZone: TimeZone,
                timeToLive: Duration = .seconds(5), clock: AnyClock = .continuous) {
        self.database = database
        self.defaults = defaults
        self.fallbackTimeZone = fallbackTimeZone
        self.timeToLive = timeToLive
        self.clock = clock
    }

    /// The profile of a tenant, `nil` when there is no such tenant.
    public func profile(_ tenantID: String) async throws -> BusinessProfile? {
        let now = clock.now
        if let entry = cache.withLock({ $0[tenantID] }), now - entry.at < timeToLive { return entry.profile }
        let (defaults, fallbackTimeZone) = (defaults, fallbackTimeZone)
        let profile = try await database.read { sql -> BusinessProfile? in
            guard let tenant = try await TenantRepository(sql).find(id: tenantID) else { return nil }
            let stored = try await BusinessSettingsRepository(sql).find(tenantID: tenantID)
            let key = try await SecretRepository(sql).find(tenantID: tenantID, name: BusinessProfile.modelAPIKeySecretName)
            return BusinessProfile(tenant: tenant, stored: stored, defaults: defaults, fallbackTimeZone: fallbackTimeZone, modelAPIKey: key)
        }
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[tenantID] = (profile, now)
        }
        return profile
    }

    /// The working calendar of a tenant; the installation's (`defaults` in `fallbackTimeZone`) when there is no such tenant.
    public func calendar(_ tenantID: String) async throws -> WorkingCalendar {
        try await profile(tenantID)?.calendar ?? defaults.calendar(timeZone: fallbackTimeZone)
    }

    /// Drops what is remembered of a tenant, so that the next call reads it again (after a save in this process).
    public func forget(_ tenantID: String) {
        _ = cache.withLock { $0.removeValue(forKey: tenantID) }
    }
}
