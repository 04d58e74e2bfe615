import Foundation
import SaudaCatalogue
import SaudaCore
import SaudaStore

/// Each business's catalogue, loaded once and again when its stored revision changes.
///
/// Catalogues are replaced by `sauda catalogue import` (or the console) from another process, so a cached one is
/// checked against the stored revision (one indexed read) when it was last checked more than `recheckAfter` ago:
/// a running server sees a new catalogue within that time. The time comes from the injected clock.
public actor CatalogueCache {
    private struct Entry {
        var catalogue: Catalogue?
        var revision: Int64?
        var checkedAt: AnyClock.Instant
    }

    private let database: any Database
    private let recheckAfter: Duration
    private let clock: AnyClock
    private var entries: [String: Entry] = [:]
    /// How many times a catalogue was read whole from the database (for tests and diagnostics).
    public private(set) var loadCount = 0

    /// A cache over `database` that checks a business's revision at most once per `recheckAfter`.
    public init(database: any Database, recheckAfter: Duration = .seconds(5), clock: some Clock<Duration> = ContinuousClock()) {
        self.database = database
        self.recheckAfter = recheckAfter
        self.clock = AnyClock(clock)
    }

    /// The catalogue of a business; `nil` when it has none.
    public func catalogue(for tenantID: String) async throws -> Catalogue? {
        let now = clock.now
        if let cached = entries[tenantID], cached.checkedAt.duration(to: now) < recheckAfter { return cached.catalogue }
        let revision = try await database.read { sql in try await CatalogueRepository(sql).revision(tenantID: tenantID) }
        if let cached = entries[tenantID], cached.revision == revision?.number {
            entries[tenantID]?.checkedAt = now
            return cached.catalogue
        }
        let loaded = try await database.read { sql in try await CatalogueRepository(sql).load(tenantID: tenantID) }
        loadCount += 1
        entries[tenantID] = Entry(catalogue: loaded?.catalogue, revision: loaded?.revision.number, checkedAt: now)
        return loaded?.catalogue
    }

    /// Forgets a business's catalogue (it is loaded again on the next use), e.g. right after this process replaced it.
    public func invalidate(_ tenantID: String) { entries[tenantID] = nil }
}
