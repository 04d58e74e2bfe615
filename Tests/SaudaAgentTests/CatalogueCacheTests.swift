import Foundation
import SaudaAgent
import SaudaCatalogue
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// The catalogue cache reloads a business's catalogue once its stored revision changes, checking at most once per
/// interval of its clock.
@Suite struct CatalogueCacheTests {
    @Test func aReplacedCatalogueIsPickedUpAfterTheRecheckInterval() async throws {
        let evopoliki = try CatalogueSample.evopoliki.load().catalogue
        let deluxe = try CatalogueSample.fiveDeluxe.load().catalogue
        try await withTestDatabase(.sqlite) { database in
            let clock = ManualClock()
            let cache = CatalogueCache(database: database, recheckAfter: .seconds(5), clock: clock)
            #expect(try await cache.catalogue(for: Tenant.defaultID) == nil)

            try await CatalogueRepository.replace(tenantID: Tenant.defaultID, with: evopoliki, in: database, now: clock.date)
            // Within the interval the cache answers from memory, even though the database changed.
            clock.advance(by: .seconds(4))
            #expect(try await cache.catalogue(for: Tenant.defaultID) == nil)
            clock.advance(by: .seconds(1))
            #expect(try await cache.catalogue(for: Tenant.defaultID) == evopoliki)
            #expect(await cache.loadCount == 2)

            // An unchanged revision is checked without loading the catalogue again.
            clock.advance(by: .seconds(6))
            #expect(try await cache.catalogue(for: Tenant.defaultID) == evopoliki)
            #expect(await cache.loadCount == 2)

            try await CatalogueRepository.replace(tenantID: Tenant.defaultID, with: deluxe, in: database, now: clock.date)
            clock.advance(by: .seconds(5))
            #expect(try await cache.catalogue(for: Tenant.defaultID) == deluxe)
            #expect(await cache.loadCount == 3)

            // Invalidating makes the next call load at once.
            try await CatalogueRepository.replace(tenantID: Tenant.defaultID, with: evopoliki, in: database, now: clock.date)
            await cache.invalidate(Tenant.defaultID)
            #expect(try await cache.catalogue(for: Tenant.defaultID) == evopoliki)
        }
    }
}
