import Foundation
import SaudaCatalogue
import Testing

@Suite struct CatalogueValuesTests {
    @Test func yearRangesReadEveryWrittenForm() {
        #expect(YearRange.parse("2018-2024") == YearRange(from: 2018, to: 2024))
        #expect(YearRange.parse("2018 – 2024") == YearRange(from: 2018, to: 2024))
        #expect(YearRange.parse("2018-") == YearRange(from: 2018, to: nil))
        #expect(YearRange.parse("-2010") == YearRange(from: nil, to: 2010))
        #expect(YearRange.parse("2020") == YearRange(from: 2020, to: 2020))
        #expect(YearRange.parse("") == .any)
        #expect(YearRange.parse("2024-2018") == nil)
        #expect(YearRange.parse("1800-1900") == nil)
        #expect(YearRange.parse("new") == nil)
        for text in ["2018-2024", "2018-", "-2010", "2020", ""] { #expect(YearRange.parse(text)?.description == text) }
        #expect(YearRange(from: 2018, to: nil).contains(2030))
        #expect(!YearRange(from: 2018, to: 2024).contains(2025))
    }

    @Test func listTextEscapesItsSeparators() {
        let entries = [["Mercedes-Benz", "E-Class", "2016-2023", "yes"], ["A|B", "C;D", "E\\F", "no"]]
        let text = CatalogueListText.text(entries)
        #expect(text == #"Mercedes-Benz|E-Class|2016-2023|yes; A\|B|C\;D|E\\F|no"#)
        #expect(CatalogueListText.entries(text) == entries)
        #expect(CatalogueListText.entries(" ; Борты 5 см | +500 ;") == [["Борты 5 см", "+500"]])
        #expect(CatalogueListText.entries("").isEmpty)
    }

    @Test func availabilityReadsTheUsualWords() {
        #expect(Availability(text: "да") == .inStock)
        #expect(Availability(text: "") == .inStock)
        #expect(Availability(text: "Под заказ") == .onOrder)
        #expect(Availability(text: "false") == .outOfStock)
        #expect(Availability(text: "maybe") == nil)
    }

    @Test func aCatalogueAnswersByCategoryMakeAndModel() throws {
        let sample = try CatalogueSample.evopoliki.load().catalogue
        #expect(sample.brands.contains("Toyota"))
        #expect(sample.models(of: "toyota").contains("Camry"))
        let camry = sample.products(fitting: "Toyota", model: "camry", year: 2022)
        #expect(camry.map(\.product.id).contains("EVA-SEDAN"))
        #expect(sample.products(fitting: "Toyota", model: "Camry", year: 2030).allSatisfy { $0.product.id != "EVA-SEDAN" })
        #expect(sample.products(inCategory: "Чехлы").map(\.id) == ["COVER-ECO", "COVER-ALCANTARA"])
        #expect(sample.path(ofCategory: "EVA коврики") == ["EVA коврики"])
    }
}

@Suite struct CategoryPathTests {
    @Test func pathsAreComputedOnceForEveryCategoryAndSurviveACycle() {
        let catalogue = Catalogue(currency: .kgs, categories: [
            CatalogueCategory(id: "1", name: "Коврики"), CatalogueCategory(id: "2", name: "EVA", parentID: "1"),
            CatalogueCategory(id: "3", name: "Седаны", parentID: "2"),
            CatalogueCategory(id: "x", name: "X", parentID: "y"), CatalogueCategory(id: "y", name: "Y", parentID: "x"),
        ])
        let paths = catalogue.categoryPaths()
        #expect(paths["3"] == "Коврики > EVA > Седаны")
        #expect(paths["3"] == catalogue.path(ofCategory: "3").joined(separator: " > "))
        #expect(paths["x"] == "Y > X")
        #expect(catalogue.categoryIDs(within: "1") == ["1", "2", "3"])
    }
}
