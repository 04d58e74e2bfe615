import Foundation
import SaudaCatalogue
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// A business's catalogue in the database: replaced whole in one transaction, loaded back equal, with a revision.
@Suite struct CatalogueRepositoryTests {
    static func sample(_ sample: CatalogueSample) throws -> Catalogue { try sample.load().catalogue }

    @Test(arguments: DatabaseKind.available)
    func aReplacedCatalogueLoadsBackEqualAndRaisesTheRevision(kind: DatabaseKind) async throws {
        let evopoliki = try Self.sample(.evopoliki)
        let deluxe = try Self.sample(.fiveDeluxe)
        try await withTestDatabase(kind) { database in
            let none = try await database.read { sql in try await CatalogueRepository(sql).load(tenantID: Tenant.defaultID) }
            #expect(none == nil)
            let first = try await CatalogueRepository.replace(tenantID: Tenant.defaultID, with: evopoliki, in: database, now: Date())
            #expect(first.number == 1 && first.productCount == evopoliki.products.count)
            let loaded = try await database.read { sql in try await CatalogueRepository(sql).load(tenantID: Tenant.defaultID) }
            #expect(loaded?.catalogue == evopoliki)
            #expect(loaded?.revision == first)

            let second = try await CatalogueRepository.replace(tenantID: Tenant.defaultID, with: deluxe, in: database, now: Date())
            #expect(second.number == 2)
            let replaced = try await database.read { sql in try await CatalogueRepository(sql).load(tenantID: Tenant.defaultID) }
            #expect(replaced?.catalogue == deluxe)
            let counts = deluxe.counts
            for (table, expected) in [("catalogue_products", counts.products), ("catalogue_fits", counts.fits),
                                      ("catalogue_options", counts.options), ("catalogue_categories", counts.categories)] {
                let rows = try await database.read { sql in
                    try await sql.query("SELECT COUNT(*) AS n FROM \(table) WHERE tenant_id = ?", [.text(Tenant.defaultID)])
                }
                #expect(try rows.first?.int("n") == Int64(expected), "\(table) kept rows of the old catalogue")
            }
            let revision = try await database.read { sql in try await CatalogueRepository(sql).revision(tenantID: Tenant.defaultID) }
            #expect(revision == second)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func businessesKeepTheirOwnCataloguesAndAnUnknownOneIsRefused(kind: DatabaseKind) async throws {
        let evopoliki = try Self.sample(.evopoliki)
        let deluxe = try Self.sample(.fiveDeluxe)
        try await withTestDatabase(kind) { database in
            _ = try await database.transaction { sql in
                try await TenantRepository(sql).create(Tenant(id: "5deluxe", name: "5DELUXE", timeZone: "Asia/Bishkek"), now: Date())
            }
            try await CatalogueRepository.replace(tenantID: Tenant.defaultID, with: evopoliki, in: database, now: Date())
            try await CatalogueRepository.replace(tenantID: "5deluxe", with: deluxe, in: database, now: Date())
            let both = try await database.read { sql in
                (try await CatalogueRepository(sql).load(tenantID: Tenant.defaultID)?.catalogue,
                 try await CatalogueRepository(sql).load(tenantID: "5deluxe")?.catalogue)
            }
            #expect(both.0 == evopoliki && both.1 == deluxe)
            let refused = await #expect(throws: StoreError.self) {
                try await CatalogueRepository.replace(tenantID: "nobody", with: deluxe, in: database, now: Date())
            }
            #expect(refused?.code == .notFound)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func aFailedReplacementLeavesTheOldCatalogueWhole(kind: DatabaseKind) async throws {
        let evopoliki = try Self.sample(.evopoliki)
        try await withTestDatabase(kind) { database in
            try await CatalogueRepository.replace(tenantID: Tenant.defaultID, with: evopoliki, in: database, now: Date())
            // Two products with one id break the table's key halfway through the replacement.
            var broken = evopoliki
            broken.products.append(evopoliki.products[0])
            await #expect(throws: (any Error).self) {
                try await CatalogueRepository.replace(tenantID: Tenant.defaultID, with: broken, in: database, now: Date())
            }
            let loaded = try await database.read { sql in try await CatalogueRepository(sql).load(tenantID: Tenant.defaultID) }
            #expect(loaded?.catalogue == evopoliki)
            #expect(loaded?.revision.number == 1)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func aLargeCatalogueIsWrittenInBatches(kind: DatabaseKind) async throws {
        let products = (0..<350).map { index in
            Product(id: "P\(index)", categoryID: "c", name: "Товар \(index)", price: Money(major: Int64(index), currency: .kzt),
                    fits: (0..<3).map { VehicleFit(brand: "B\($0)", model: "M\(index)", years: YearRange(from: 2000 + $0, to: nil)) })
        }
        let catalogue = Catalogue(currency: .kzt, categories: [CatalogueCategory(id: "c", name: "Всё")], products: products)
        try await withTestDatabase(kind) { database in
            try await CatalogueRepository.replace(tenantID: Tenant.defaultID, with: catalogue, in: database, now: Date())
            let loaded = try await database.read { sql in try await CatalogueRepository(sql).load(tenantID: Tenant.defaultID) }
            #expect(loaded?.catalogue == catalogue)
        }
    }
}
