import Foundation
import SaudaAgent
import SaudaCatalogue
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// The catalogue's actions on their own (the console and `sauda catalogue import` call them): an import stores the
/// good rows and reports the bad ones, one with no good row stores nothing, and a price edit raises the revision.
@Suite struct OperatorCatalogueActionsTests {
    typealias Actions = OperatorActionsTests

    static let csv = """
        id,category,name,price,currency,available,options
        EVA-SEDAN,EVA коврики,EVA коврики — седан,8000,KGS,in_stock,Борты 5 см|+500
        BAD,EVA коврики,Плохой,дорого,KGS,in_stock,
        ORG,Органайзеры,Органайзер,2500,KGS,нет,

        """

    static func stored(_ database: any Database) async throws -> (catalogue: Catalogue, revision: CatalogueRevision)? {
        try await database.read { sql in try await CatalogueRepository(sql).load(tenantID: Tenant.defaultID) }
    }

    @Test func anImportStoresTheGoodRowsAndOneWithoutAnyStoresNothing() async throws {
        try await Actions.withActions { actions, database, _ in
            let (result, revision) = try await actions.importCatalogue(tenantID: Tenant.defaultID, data: Data(Self.csv.utf8), format: .csv)
            #expect(revision.number == 1 && revision.productCount == 2)
            #expect(result.problems.map(\.line) == [3])
            #expect(result.problems.first?.description.hasPrefix("line 3, price: «дорого» is not an amount") == true)
            #expect(try await Self.stored(database)?.catalogue.products.map(\.id) == ["EVA-SEDAN", "ORG"])

            let nothing = "id,category,name,price,currency\nX,A,Икс,дорого,KGS\nY,A,Игрек,,KGS\n"
            await #expect(performing: {
                try await actions.importCatalogue(tenantID: Tenant.defaultID, data: Data(nothing.utf8), format: .csv)
            }, throws: { error in
                guard let refusal = error as? OperatorActionError, refusal.kind == .invalid else { return false }
                return refusal.reason.contains("nothing could be loaded (2 rows skipped)") && refusal.reason.contains("line 2, price")
                    && refusal.reason.contains("line 3")
            })
            await #expect(performing: {
                try await actions.importCatalogue(tenantID: Tenant.defaultID, data: Data("{".utf8), format: .json)
            }, throws: Actions.refusal(.invalid))
            await #expect(performing: {
                try await actions.importCatalogue(tenantID: "nobody", data: Data(Self.csv.utf8), format: .csv)
            }, throws: Actions.refusal(.notFound))
            #expect(try await Self.stored(database)?.revision.number == 1)
        }
    }

    @Test func aPriceEditChangesOnlyThatProductAndRaisesTheRevision() async throws {
        try await Actions.withActions { actions, database, _ in
            await #expect(performing: {
                try await actions.updateCatalogueProduct(tenantID: Tenant.defaultID, productID: "EVA-SEDAN", price: "1", availability: nil, by: "Айгуль")
            }, throws: Actions.refusal(.notFound))
            _ = try await actions.importCatalogue(tenantID: Tenant.defaultID, data: Data(Self.csv.utf8), format: .csv)

            let (product, revision) = try await actions.updateCatalogueProduct(
                tenantID: Tenant.defaultID, productID: "EVA-SEDAN", price: "8 500,50", availability: "под заказ", by: "Айгуль")
            #expect(revision.number == 2)
            #expect(product.price == Money(minorUnits: 850_050, currency: .kgs))
            #expect(product.availability == .onOrder)
            let stored = try #require(try await Self.stored(database))
            #expect(stored.catalogue.product(id: "EVA-SEDAN") == product)
            #expect(stored.catalogue.product(id: "EVA-SEDAN")?.options.map(\.priceChange) == [Money(major: 500, currency: .kgs)])
            #expect(stored.catalogue.product(id: "ORG")?.price == Money(major: 2500, currency: .kgs))

            // Leaving a field out keeps it.
            let kept = try await actions.updateCatalogueProduct(tenantID: Tenant.defaultID, productID: "ORG", price: nil, availability: "in_stock",
                                                                by: "Айгуль")
            #expect(kept.product.price == Money(major: 2500, currency: .kgs) && kept.product.availability == .inStock)

            for bad in ["дорого", "-1", "", "1.001", "99999999999999999999"] {
                await #expect(performing: {
                    try await actions.updateCatalogueProduct(tenantID: Tenant.defaultID, productID: "ORG", price: bad, availability: nil, by: "Айгуль")
                }, throws: Actions.refusal(.invalid))
            }
            await #expect(performing: {
                try await actions.updateCatalogueProduct(tenantID: Tenant.defaultID, productID: "ORG", price: nil, availability: "скоро", by: "Айгуль")
            }, throws: Actions.refusal(.invalid))
            await #expect(performing: {
                try await actions.updateCatalogueProduct(tenantID: Tenant.defaultID, productID: "NOPE", price: "1", availability: nil, by: "Айгуль")
            }, throws: Actions.refusal(.notFound))
            #expect(try await Self.stored(database)?.revision.number == 3)
        }
    }
}
