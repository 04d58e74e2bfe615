import Foundation
import SaudaAgent
import SaudaCore
import SaudaKnowledge
import SaudaModels
import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// A business's description and languages reach the prompt the model receives (docs/businesses.md).
@Suite struct BusinessPromptFactsTests {
    /// A model that keeps every request and answers with a fixed text.
    final class RecordingModel: LanguageModel, Sendable {
        private let recorded = Mutex<[ModelRequest]>([])
        var requests: [ModelRequest] { recorded.withLock { $0 } }
        var name: String { "recording" }

        func respond(to request: ModelRequest) async throws(ModelError) -> ModelResponse {
            recorded.withLock { $0.append(request) }
            return ModelResponse(text: "Здравствуйте!", finishReason: .stop, usage: .zero, model: "recording")
        }
    }

    static let installation = SaudaSettings()

    @Test func theSalesPromptCarriesTheBusinesssDescriptionAndLanguages() async throws {
        try await withTestDatabase(.sqlite) { database in
            var business = BusinessSettings.installationDefaults(Self.installation)
            business.description = "Коврики EVA для авто, Алматы"
            business.languages = ["kk", "ru"]
            let saved = business
            try await database.transaction { sql in
                _ = try await TenantRepository(sql).create(Tenant(id: "evo", name: "Эво", timeZone: "Asia/Almaty"), now: Date())
                _ = try await BusinessSettingsRepository(sql).save(tenantID: "evo", saved, now: Date())
            }
            var settings = AgentSettings(Self.installation)
            settings.businesses = BusinessDirectory(database: database, defaults: .installationDefaults(Self.installation),
                                                    fallbackTimeZone: Self.installation.timeZone)
            let model = RecordingModel()
            let agent = SalesAgent(model: model, prompts: try PromptLibrary(), knowledge: KnowledgeCache(database: database), settings: settings)
            for tenant in ["evo", Tenant.defaultID] {
                _ = try await agent.reply(tenantID: tenant, businessName: "Эво", profile: ContactProfile(), spinStage: .situation,
                                          history: [ConversationMessage(author: .customer, text: "Сәлем", sentAt: Date())],
                                          newMessages: ["Сәлем"], now: Date())
            }
            let prompts = model.requests.map(\.systemInstruction)
            #expect(prompts.count == 2)
            #expect(prompts.first?.contains("О КОМПАНИИ: Коврики EVA для авто, Алматы") == true)
            #expect(prompts.first?.contains("языки бизнеса: kk, ru") == true)
            // A business that saved no settings: no description, Russian.
            #expect(prompts.last?.contains("О КОМПАНИИ: —") == true)
            #expect(prompts.last?.contains("языки бизнеса: ru ") == true)
        }
    }

    @Test func theSalesAndFollowUpTemplatesMayUseTheNewPlaceholders() {
        for name in ["sales_agent", "follow_up"] {
            #expect(PromptLibrary.overrideProblem(name: name, template: "{{business_description}} {{languages}}\n{{business_name}}") == nil)
        }
        #expect(PromptLibrary.overrideProblem(name: "reply_intent", template: "{{languages}}")?.contains("unknown placeholder «languages»") == true)
    }
}
