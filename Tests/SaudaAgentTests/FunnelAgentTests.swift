import Foundation
import SaudaAgent
import SaudaCatalogue
import SaudaCore
import SaudaModels
import SaudaStore
import SaudaTestSupport
import Testing

/// The funnel agent on the offline model: a burst is answered whole, and a model that fails hands the turn to the
/// rules instead of an apology.
@Suite struct FunnelAgentTests {
    /// A model that always fails, as a provider in an outage does.
    struct FailingModel: LanguageModel {
        let name = "gemini"
        func respond(to request: ModelRequest) async throws(ModelError) -> ModelResponse {
            throw ModelError(.transient, "the provider is down")
        }
    }

    static func agent(_ database: any Database, model: any LanguageModel) async throws -> FunnelAgent {
        try await TurnProcessorTests.Harness.loadSampleKnowledge(into: database)
        let catalogue = try CatalogueSample.evopoliki.load().catalogue
        _ = try await CatalogueRepository.replace(tenantID: Tenant.defaultID, with: catalogue, in: database, now: Date())
        let settings = AgentSettings(calendar: ConversationEngineTests.calendar)
        let catalogues = CatalogueCache(database: database)
        let sales = SalesTools(database: database, knowledge: KnowledgeCache(database: database), calendar: settings.calendar)
        let tools = ToolRegistry(sales.tools + CatalogueTools(catalogues: catalogues, leads: sales.leads).tools)
        let salesAgent = SalesAgent(model: model, prompts: try PromptLibrary(), knowledge: KnowledgeCache(database: database),
                                    settings: settings, tools: tools)
        return FunnelAgent(sales: salesAgent, catalogues: catalogues)
    }

    @Test func everyMessageOfABurstIsAnswered() async throws {
        try await withTestDatabase(.sqlite) { database in
            let agent = try await Self.agent(database, model: OfflineEngine())
            let context = ConversationEngineTests.context(status: .client, messages: [
                "Хочу коврики ева на камри 2022", "А доставка по Алматы сколько стоит?", "с бортами 5 см"])
            let reply = try await agent.reply(to: context)
            let text = try #require(reply.text)
            #expect(text.contains("Доставка по Алматы"), "the question in the middle is answered from the knowledge base: \(text)")
            #expect(text.contains("Итого: 8 500 сом"), "the funnel went on to the quote: \(text)")
            #expect(reply.funnelState?.step == .confirm)
            #expect(reply.toolExchanges.flatMap(\.calls).map(\.name) == ["find_products", "quote_price"])
        }
    }

    @Test func aFailingModelLeavesTheFunnelToTheRules() async throws {
        try await withTestDatabase(.sqlite) { database in
            let guarded = GuardedModel(primary: FailingModel(), fallback: OfflineEngine(),
                                       breaker: CircuitBreaker(failureThreshold: 3, openDuration: .seconds(60)),
                                       budget: ProviderBudget(name: "test", limits: .unlimited), callDeadline: .seconds(5), logger: testLogger)
            let agent = try await Self.agent(database, model: guarded)
            let reply = try await agent.reply(to: ConversationEngineTests.context(status: .client, messages: ["Хочу коврики ева на камри 2022"]))
            let text = try #require(reply.text)
            #expect(text.contains("готовые лекала"), "the rules took the message: \(text)")
            #expect(!text.contains(GuardedModel.apology))
            #expect(reply.funnelState?.step == .options)
        }
    }
}
