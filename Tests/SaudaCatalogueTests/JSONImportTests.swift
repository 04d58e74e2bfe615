import Foundation
import SaudaCatalogue
import Testing

@Suite struct JSONImportTests {
    static func load(_ text: String) throws -> CatalogueImportResult {
        try CatalogueImporter().load(Data(text.utf8), format: .json)
    }

    @Test func theFiveDeluxeSampleLoadsWhole() throws {
        let result = try CatalogueSample.fiveDeluxe.load()
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.catalogue.name == "5DELUXE")
        #expect(result.catalogue.categories.map(\.name) == ["5D коврики"])
        #expect(result.catalogue.products.count == 3)
        let sedan = try #require(result.catalogue.product(id: "5D-SEDAN"))
        #expect(sedan.price.displayText == "12 000 сом")
        #expect(sedan.price(withOptions: ["Логотип марки"])?.displayText == "13 000 сом")
        #expect(result.catalogue.products(fitting: "Porsche", model: "Cayenne").map(\.fit.patternAvailable) == [false])
    }

    @Test func badProductsAreNamedByPositionAndTheOthersLoad() throws {
        let result = try Self.load("""
            {"currency": "KZT", "extra": 1,
             "categories": [{"id": "c", "name": "Меню"}, {"id": "d", "name": "Десерты", "parent": "c"}, {"name": "без id"}],
             "products": [
               {"id": "p1", "category": "c", "name": "Латте", "price": 1200, "attributes": {"объём": "300 мл"}},
               {"id": "p2", "category": "c", "name": "Без цены"},
               {"id": "p3", "category": "nope", "name": "Чужая категория", "price": "1"},
               {"id": "p4", "category": "d", "name": "Чизкейк", "price": "1890.50", "available": false,
                "fits": [{"brand": "Toyota", "model": "Camry", "from": 2018, "to": 2024}, "Lexus|ES|2019-|no"],
                "options": [{"name": "Двойная порция", "price": "+900"}]},
               {"id": "p5", "category": "d", "name": "Плохая подгонка", "price": "1", "fits": [{"brand": "Toyota", "model": "Camry", "years": "abc"}]},
               "not an object"
             ]}
            """)
        #expect(result.catalogue.products.map(\.id) == ["p1", "p4"])
        #expect(result.catalogue.products[0].price == Money(major: 1200, currency: .kzt))
        #expect(result.catalogue.products[0].attributes == [ProductAttribute(name: "объём", value: "300 мл")])
        let cheesecake = result.catalogue.products[1]
        #expect(cheesecake.price.minorUnits == 189_050 && cheesecake.availability == .outOfStock)
        #expect(cheesecake.fits == [VehicleFit(brand: "Toyota", model: "Camry", years: YearRange(from: 2018, to: 2024)),
                                    VehicleFit(brand: "Lexus", model: "ES", years: YearRange(from: 2019, to: nil), patternAvailable: false)])
        let places = result.problems.map { [$0.position ?? "", $0.field ?? ""].joined(separator: " ") }
        #expect(places == [" extra", "categories[2] id", "products[1] price", "products[2] category", "products[4] fits", "products[5] product"],
                "\(result.problems)")
        #expect(result.problems[2].description == "products[1], price: no price (row skipped)")
    }

    @Test func brokenJSONIsRefusedWhole() {
        #expect(throws: CatalogueImportError.self) { _ = try Self.load("{\"currency\": \"KGS\", \"products\": [") }
        #expect(throws: CatalogueImportError.self) { _ = try Self.load("[1, 2]") }
        #expect(throws: CatalogueImportError.self) { _ = try Self.load("{\"currency\": \"KGS\"}") }
        #expect(throws: CatalogueImportError.self) { _ = try Self.load("{\"currency\": \"сом\", \"products\": []}") }
    }
}
