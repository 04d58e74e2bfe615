import Foundation
import SaudaAgent
import SaudaCatalogue
import SaudaCore
import SaudaModels
import SaudaStore
import SaudaTestSupport
import Testing

/// The catalogue tools on seed 000's EVOPOLIKI catalogue, through the registry as the tool-calling loop runs them.
@Suite struct CatalogueToolsTests {
    static let key = ConversationKey(tenantID: Tenant.defaultID, channel: .webchat, chatID: "catalogue-tools")

    struct Fixture {
        let database: any Database
        let registry: ToolRegistry
        let now = Date(timeIntervalSince1970: 1_796_000_000)

        init(_ database: any Database, withCatalogue: Bool = true) async throws {
            self.database = database
            if withCatalogue {
                let catalogue = try CatalogueSample.evopoliki.load().catalogue
                _ = try await database.transaction { [now] sql in
                    try await CatalogueRepository(sql).replace(tenantID: Tenant.defaultID, with: catalogue, now: now)
                }
            }
            registry = ToolRegistry(CatalogueTools(catalogues: CatalogueCache(database: database), leads: LeadRecorder(database: database)).tools)
        }

        func call(_ name: String, _ arguments: JSONValue) async -> ToolResult {
            let context = ToolContext(tenantID: Tenant.defaultID, contactID: nil, chatID: CatalogueToolsTests.key.chatID,
                                      channel: CatalogueToolsTests.key.channel.rawValue, now: now)
            return await registry.run(ToolCall(id: "call-1", name: name, arguments: arguments), context: context)
        }
    }

    @Test func categoriesBrandsAndModelsComeFromTheCatalogue() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await Fixture(database)
            let categories = await fixture.call("list_categories", [:])
            #expect(!categories.isError)
            let names = categories.content["categories"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(names.contains("EVA коврики") && names.contains("Чехлы"))
            let brands = await fixture.call("list_brands", [:]).content["brands"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(brands.contains("Toyota") && brands.contains("Hyundai"))
            let models = await fixture.call("list_models", ["brand": "toyota"]).content["models"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(models.contains("Camry") && models.contains("Land Cruiser Prado"))
            let unknown = await fixture.call("list_models", ["brand": "Zaporozhets"])
            #expect(unknown.isError)
        }
    }

    @Test func theFullOrderOfSeed000QuotesEightAndAHalfThousandAndRecordsTheLead() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await Fixture(database)
            let found = await fixture.call("find_products", ["brand": "Toyota", "model": "Camry", "year": 2022])
            #expect(found.content["pattern_available"]?.boolValue == true)
            let products = found.content["products"]?.arrayValue ?? []
            let mats = try #require(products.first { $0["id"]?.stringValue == "EVA-SEDAN" })
            #expect(mats["price_text"]?.stringValue == "8 000 сом")
            let quote = await fixture.call("quote_price", ["product_id": "EVA-SEDAN", "options": ["борты 5 см"]])
            #expect(quote.content["price_text"]?.stringValue == "8 500 сом")
            let order = await fixture.call("place_order", ["product_id": "EVA-SEDAN", "options": ["Борты 5 см"], "name": "Азамат",
                                                           "phone": "+7 701 123 45 67", "car": "Toyota Camry 2022"])
            #expect(order.content["ordered"]?.boolValue == true)
            let (contact, details) = try await database.read { sql in
                let contact = try await ContactRepository(sql).find(key: CatalogueToolsTests.key)
                return (contact, try await ContactRepository(sql).leadDetails(contactID: contact?.id ?? 0))
            }
            #expect(contact?.profile.name == "Азамат")
            #expect(details["price_quoted"] == "8 500 сом")
            #expect(details["car"] == "Toyota Camry 2022")
            #expect(details["stage"] == "ordered")
        }
    }

    @Test func makesAndModelsAsCustomersWriteThemAreFound() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await Fixture(database)
            let found = await fixture.call("find_products", ["brand": "тойота", "model": "камри", "year": 2022])
            #expect(found.content["car"]?.stringValue == "Toyota Camry 2022")
            #expect(found.content["products"]?.arrayValue?.contains { $0["id"]?.stringValue == "EVA-SEDAN" } == true)
            let prado = await fixture.call("find_products", ["brand": "Toyota", "model": "прадик"])
            #expect(prado.content["pattern_available"]?.boolValue == true, "\(prado.content.jsonText)")
            let models = await fixture.call("list_models", ["brand": "хендай"]).content["models"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(models.contains("Solaris"))
            let reading = await fixture.call("normalise_text", ["text": "Хочу коврики ева на тойоту камри две тысячи двадцать второй"])
            #expect(!reading.isError)
            #expect(reading.content.jsonText.contains("Camry") && reading.content.jsonText.contains("2022"))
        }
    }

    @Test func aCarWithoutPatternsGetsTheOfferOfAMeasurement() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await Fixture(database)
            let noPattern = await fixture.call("find_products", ["brand": "Acura", "model": "MDX", "year": 2016])
            #expect(noPattern.content["pattern_available"]?.boolValue == false)
            let unknownCar = await fixture.call("find_products", ["brand": "Tesla", "model": "Model 3"])
            #expect(unknownCar.content["say"]?.stringValue?.contains("замер") == true)
        }
    }

    @Test func anOptionNotOfferedAndABusinessWithoutACatalogueAreRefusedWithAReason() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await Fixture(database)
            let wrong = await fixture.call("quote_price", ["product_id": "EVA-SEDAN", "options": ["Золотые борты"]])
            #expect(wrong.isError)
            #expect(wrong.content.jsonText.contains("Борты 5 см"), "the error lists the options offered")
        }
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await Fixture(database, withCatalogue: false)
            let none = await fixture.call("list_brands", [:])
            #expect(none.isError)
            #expect(none.content.jsonText.contains("search_knowledge"))
        }
    }
}
