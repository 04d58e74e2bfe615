import Foundation
@testable import SaudaCatalogue
import Testing

@Suite struct CSVImportTests {
    static func load(_ text: String, limits: CatalogueLimits = .standard, currency: Currency? = nil) throws -> CatalogueImportResult {
        try CatalogueImporter(limits: limits, defaultCurrency: currency).load(Data(text.utf8), format: .csv)
    }

    @Test func theEvopolikiSampleLoadsWholeWithSeed000sPrices() throws {
        let result = try CatalogueSample.evopoliki.load()
        #expect(result.problems.isEmpty, "\(result.problems)")
        let catalogue = result.catalogue
        #expect(catalogue.categories.map(\.name) == ["EVA коврики", "Чехлы", "Органайзеры", "Накидки"])
        #expect(catalogue.currency == .kgs)
        // Seed 000: EVA mats for a Camry 2022 with 5 cm borders cost 8 000 + 500 = 8 500 сом.
        let (mats, fit) = try #require(catalogue.products(fitting: "Toyota", model: "Camry", year: 2022).first)
        #expect(mats.id == "EVA-SEDAN" && fit.patternAvailable)
        #expect(mats.price(withOptions: ["борты 5 см"])?.displayText == "8 500 сом")
        #expect(mats.attribute("материал") == "EVA")
        // …and an Acura MDX has no ready pattern.
        #expect(catalogue.products(fitting: "Acura", model: "MDX", year: 2018).map(\.fit.patternAvailable) == [false])
        // Organisers and capes fit any car.
        #expect(catalogue.products(inCategory: "Органайзеры").allSatisfy { $0.fits.isEmpty })
    }

    @Test func badRowsAreNamedByLineAndTheOthersLoad() throws {
        let text = """
            id,category,name,description,price,currency,available,fits,options
            A1,Коврики > EVA,Коврик,"Две строки
            описания",8000,KGS,yes,Toyota|Camry|2018-2024|yes,Борты 5 см|+500
            A2,Коврики > EVA,Без цены,,,KGS,,,
            A3,Коврики > EVA,Плохие годы,,7000,KGS,,Toyota|Camry|2024-2018|yes,
            A1,Коврики,Второй A1,,100,KGS,,,
            A4,Коврики,Плохая опция,,100,KGS,,,Борты|пятьсот
            A5,,Без категории,,100,KGS,,,
            A6,Чехлы,Чехол,,15000,KGS,maybe,,
            A7,Чехлы,Чехол,,15 000,KGS,нет,,

            A8,Чехлы,Лишние ячейки,,1,KGS,,,,x
            """
        let result = try Self.load(text)
        #expect(result.catalogue.products.map(\.id) == ["A1", "A7"])
        #expect(result.catalogue.products.first?.description == "Две строки\nописания")
        #expect(result.catalogue.products.last?.availability == .outOfStock)
        let lines = result.problems.map(\.line)
        #expect(lines == [4, 5, 6, 7, 8, 9, 12], "\(result.problems)")
        #expect(result.problems.map(\.field) == ["price", "fits", "id", "options", "category", "available", nil])
        #expect(result.problems.allSatisfy { $0.skipped })
        #expect(result.problems[0].description == "line 4, price: no amount (row skipped)")
        #expect(result.problems[1].description.contains("«2024-2018» is not a year range"))
        #expect(result.problems[2].kind == .duplicateID)
        #expect(result.skippedCount == 7)
        #expect(result.catalogue.categories.map(\.id) == ["Коврики", "Коврики > EVA", "Чехлы"])
        #expect(result.catalogue.category(id: "Коврики > EVA")?.parentID == "Коврики")
    }

    @Test func semicolonsTabsAttributesAndUnknownColumns() throws {
        let text = "SKU;Category;Name;Price;attr:Длительность;note\nS1;Стрижки;Женская стрижка;2500,50;60 мин;x\nS2;Стрижки;Укладка;1500;;\n"
        let result = try Self.load(text, currency: .kzt)
        #expect(result.catalogue.products.map(\.id) == ["S1", "S2"])
        #expect(result.catalogue.products[0].price == Money(minorUnits: 250_050, currency: .kzt))
        #expect(result.catalogue.products[0].attributes == [ProductAttribute(name: "Длительность", value: "60 мин")])
        #expect(result.catalogue.products[1].attributes.isEmpty)
        #expect(result.problems.map(\.kind) == [.unknownField])
        #expect(result.problems.first?.skipped == false && result.problems.first?.field == "note")
        let tabbed = try Self.load("id\tcategory\tname\tprice\tcurrency\nC1\tНапитки\tКапучино\t250\tKGS\n")
        #expect(tabbed.catalogue.products.first?.price.displayText == "250 сом")
    }

    @Test func aFileWithoutTheRequiredColumnsOrACurrencyIsRefused() throws {
        #expect(throws: CatalogueImportError.malformed(format: .csv, line: 1,
                                                        reason: "the header has no column price (it has: id, category, name)")) {
            _ = try Self.load("id,category,name\nA,B,C\n")
        }
        #expect(throws: CatalogueImportError.noCurrency(hint: "add a «currency» column (KGS, KZT, RUB) or pass --currency")) {
            _ = try Self.load("id,category,name,price\nA,B,C,1\n")
        }
        #expect(throws: CatalogueImportError.self) { _ = try Self.load("") }
    }

    @Test func limitsAreReportedClearly() throws {
        var limits = CatalogueLimits()
        limits.maxProducts = 2
        limits.maxFieldLength = 20
        let text = "id,category,name,price,currency\nA,Кат,Раз,1,KGS\nB,Кат,\(String(repeating: "я", count: 21)),1,KGS\nC,Кат,Три,1,KGS\nD,Кат,Четыре,1,KGS\n"
        let result = try Self.load(text, limits: limits)
        #expect(result.catalogue.products.map(\.id) == ["A", "C"])
        #expect(result.problems.map(\.kind) == [.tooLong, .limitReached])
        #expect(result.problems[0].description == "line 3, name: name has 21 characters; the limit is 20 (row skipped)")
        #expect(result.problems[1].line == 5)
        limits.maxFileBytes = 10
        #expect(throws: CatalogueImportError.fileTooLarge(bytes: text.utf8.count, limit: 10)) { _ = try Self.load(text, limits: limits) }
    }

    @Test func anUnclosedQuoteStopsAtItsLine() throws {
        let result = try Self.load("id,category,name,price,currency\nA,Кат,Раз,1,KGS\nB,Кат,\"Два,1,KGS\nC,Кат,Три,1,KGS\n")
        #expect(result.catalogue.products.map(\.id) == ["A"])
        #expect(result.problems.map(\.line) == [3])
        #expect(result.problems.first?.kind == .malformedRow)
    }

    @Test func windows1251TextIsRead() throws {
        let text = "id,category,name,price,currency\nA,Коврики,Коврик,1,KGS\n"
        let data = try #require(text.data(using: .windowsCP1251))
        let result = try CatalogueImporter().load(data, format: .csv)
        #expect(result.catalogue.products.first?.name == "Коврик")
    }
}
