import Foundation
import SaudaCatalogue
import Testing

@Suite struct YMLImportTests {
    static let feed = """
        <?xml version="1.0" encoding="UTF-8"?>
        <yml_catalog date="2026-12-01 10:00">
          <shop>
            <name>EVOPOLIKI</name>
            <company>ИП Эвополики</company>
            <currencies>
              <currency id="KGS" rate="1"/>
              <currency id="USD" rate="87.5"/>
            </currencies>
            <categories>
              <category id="1">Коврики</category>
              <category id="2" parentId="1">EVA коврики</category>
              <category id="3" parentId="99">Потерянная</category>
            </categories>
            <offers>
              <offer id="EVA-SEDAN" available="true">
                <name>EVA коврики — седан</name>
                <price>8000</price>
                <currencyId>KGS</currencyId>
                <categoryId>2</categoryId>
                <description><![CDATA[Ячейки <b>держат</b> воду]]></description>
                <param name="Материал">EVA</param>
                <param name="Толщина" unit="мм">10</param>
                <param name="fit">Toyota|Camry|2018-2024|yes</param>
                <param name="Совместимость">Acura|MDX|2014-2020|no</param>
                <param name="option">Борты 5 см|+500</param>
              </offer>
              <offer id="BAD-PRICE">
                <name>Без цены</name>
                <price>восемь тысяч</price>
                <categoryId>2</categoryId>
              </offer>
              <offer id="VENDOR" available="false" type="vendor.model">
                <typePrefix>Органайзер</typePrefix>
                <vendor>Evopoliki</vendor>
                <model>Trunk 3</model>
                <price>2500.00</price>
                <categoryId>1</categoryId>
              </offer>
              <offer id="NO-CATEGORY">
                <name>Без категории</name>
                <price>1</price>
              </offer>
              <offer id="BAD-FIT">
                <name>Плохая подгонка</name>
                <price>1</price>
                <categoryId>1</categoryId>
                <param name="fit">Toyota</param>
              </offer>
            </offers>
          </shop>
        </yml_catalog>
        """

    @Test func aFeedLoadsWithParamsFitsAndOptionsAndBadOffersAreNamedByLine() throws {
        let result = try CatalogueImporter().load(Data(Self.feed.utf8), format: .yml)
        let catalogue = result.catalogue
        #expect(catalogue.name == "EVOPOLIKI")
        #expect(catalogue.currency == .kgs)
        #expect(catalogue.categories.map(\.id) == ["1", "2", "3"])
        #expect(catalogue.path(ofCategory: "2") == ["Коврики", "EVA коврики"])
        #expect(catalogue.category(id: "3")?.parentID == nil)
        #expect(catalogue.products.map(\.id) == ["EVA-SEDAN", "VENDOR"])
        let mats = catalogue.products[0]
        #expect(mats.description == "Ячейки <b>держат</b> воду")
        #expect(mats.attributes == [ProductAttribute(name: "Материал", value: "EVA"), ProductAttribute(name: "Толщина", value: "10 мм")])
        #expect(mats.fits.map(\.patternAvailable) == [true, false])
        #expect(mats.price(withOptions: ["Борты 5 см"])?.displayText == "8 500 сом")
        #expect(catalogue.products[1].name == "Органайзер Evopoliki Trunk 3")
        #expect(catalogue.products[1].availability == .onOrder)
        let problems = result.problems.map { "\($0.line.map(String.init) ?? "-") \($0.field ?? "")" }
        #expect(problems == ["28 price", "40 categoryId", "44 param fit", "- parent"], "\(result.problems)")
        #expect(result.problems[0].description.hasPrefix("line 28, price: «восемь тысяч» is not an amount"))
    }

    @Test func somethingElseThanAFeedIsRefused() {
        #expect(throws: CatalogueImportError.self) { _ = try CatalogueImporter().load(Data("<html><body/></html>".utf8), format: .yml) }
        #expect(throws: CatalogueImportError.self) { _ = try CatalogueImporter().load(Data("<yml_catalog><shop>".utf8), format: .yml) }
    }
}

@Suite struct YMLEntityTests {
    /// Nested internal entities ("billion laughs") must not blow a feed up in memory: libxml2 refuses the expansion.
    @Test func nestedEntitiesDoNotExpandWithoutBound() throws {
        var entities = "<!ENTITY a0 \"ha\">"
        for level in 1...12 { entities += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">" }
        let feed = """
            <?xml version="1.0"?><!DOCTYPE yml_catalog [\(entities)]>
            <yml_catalog><shop><currencies><currency id="KGS" rate="1"/></currencies>
            <categories><category id="1">К</category></categories>
            <offers><offer id="1"><name>&a12;</name><price>1</price><categoryId>1</categoryId></offer></offers></shop></yml_catalog>
            """
        let started = ContinuousClock.now
        let outcome = Result { try CatalogueImporter().load(Data(feed.utf8), format: .yml) }
        #expect(ContinuousClock.now - started < .seconds(10))
        guard case .failure(let error) = outcome else {
            Issue.record("a feed of nested entities loaded: \(outcome)")
            return
        }
        #expect("\(error)".hasPrefix("not a valid YML catalogue"))
    }
}
