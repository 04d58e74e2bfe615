import Foundation
import SaudaCatalogue
import Testing

@Suite struct RoundTripTests {
    @Test(arguments: CatalogueSample.allCases)
    func jsonExportReadsBackToTheSameCatalogue(sample: CatalogueSample) throws {
        let catalogue = try sample.load().catalogue
        let again = try CatalogueImporter().load(CatalogueJSONExporter.export(catalogue), format: .json)
        #expect(again.problems.isEmpty)
        #expect(again.catalogue == catalogue)
    }

    @Test func csvExportReadsBackToTheSameCatalogue() throws {
        let catalogue = try CatalogueSample.evopoliki.load().catalogue
        let text = CatalogueCSVExporter.export(catalogue)
        var again = try CatalogueImporter().load(Data(text.utf8), format: .csv)
        #expect(again.problems.isEmpty)
        again.catalogue.name = catalogue.name
        #expect(again.catalogue == catalogue)
        // And the text itself is stable.
        #expect(CatalogueCSVExporter.export(again.catalogue) == text)
    }

    @Test func awkwardTextSurvivesBothFormats() throws {
        let currency = Currency.kzt
        let catalogue = Catalogue(currency: currency, categories: [CatalogueCategory(id: "Услуги", name: "Услуги")], products: [
            Product(id: "S;1", categoryID: "Услуги", name: "Стрижка, \"модельная\"", description: "Строка 1\nСтрока 2",
                    price: Money(minorUnits: 250_050, currency: currency), availability: .onOrder,
                    attributes: [ProductAttribute(name: "мастер", value: "Айгерим | топ")],
                    fits: [VehicleFit(brand: "A|B", model: "C;D", years: YearRange(from: nil, to: 2010), patternAvailable: false)],
                    options: [ProductOption(name: "Скидка; студентам", priceChange: Money(minorUnits: -50_000, currency: currency))]),
        ])
        let csv = try CatalogueImporter().load(Data(CatalogueCSVExporter.export(catalogue).utf8), format: .csv)
        #expect(csv.problems.isEmpty, "\(csv.problems)")
        #expect(csv.catalogue == catalogue)
        let json = try CatalogueImporter().load(CatalogueJSONExporter.export(catalogue), format: .json)
        #expect(json.catalogue == catalogue)
    }
}
