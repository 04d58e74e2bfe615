import Foundation
import SaudaAgent
import SaudaCatalogue
import SaudaCore
import SaudaModels
import SaudaTestSupport
import Testing

/// The diagnostic phrase is answered with the installation's state, whatever the contact's status, and nothing secret.
@Suite struct DiagnosticRouterTests {
    static func engine(log: ConversationEngineTests.AgentLog, catalogue: Catalogue?) -> ConversationEngine {
        let settings = AgentSettings(calendar: ConversationEngineTests.calendar)
        let base = ContactStatusRouter(
            moderator: ConversationEngineTests.FakeAgent(name: "moderator", answer: AgentReply(), log: log),
            salesAgent: ConversationEngineTests.FakeAgent(name: "sales", answer: AgentReply(text: "Здравствуйте!"), log: log),
            classifyMinMessages: 3)
        let facts = DiagnosticFacts(model: "gemini (gemini-2.5-flash)", circuit: { "closed" }, tools: ["search_knowledge", "find_products"],
                                    catalogue: { _ in catalogue })
        let router = DiagnosticRouter(base: base, diagnostics: DiagnosticAgent(phrase: "Система тест 2025", facts: facts))
        return ConversationEngine(router: router, settings: settings, logger: testLogger)
    }

    @Test func thePhraseIsAnsweredWithTheStateEvenForAnUnknownContact() async throws {
        let log = ConversationEngineTests.AgentLog()
        let catalogue = try CatalogueSample.evopoliki.load().catalogue
        let decision = try await Self.engine(log: log, catalogue: catalogue)
            .respond(to: ConversationEngineTests.context(status: .unknown, messages: ["  система  ТЕСТ 2025! "]))
        let text = try #require(decision.replyText)
        #expect(text.contains("Версия: \(SaudaVersion.current)"))
        #expect(text.contains("Канал: whatsapp"))
        #expect(text.contains("Модель: gemini (gemini-2.5-flash), цепь: closed"))
        #expect(text.contains("find_products"))
        #expect(text.contains("Каталог: 10 товаров в 4 категориях, валюта KGS"))
        #expect(decision.classification == nil)
        #expect(await log.asked.isEmpty, "neither the moderator nor the sales agent was asked")
    }

    @Test func anyOtherMessageGoesToTheUsualAgents() async throws {
        let log = ConversationEngineTests.AgentLog()
        let decision = try await Self.engine(log: log, catalogue: nil)
            .respond(to: ConversationEngineTests.context(status: .client, messages: ["Система тест 2025 — это что?"]))
        #expect(decision.replyText == "Здравствуйте!")
        #expect(await log.asked == ["sales"])
    }

    @Test func theSettingCanChangeOrSwitchOffThePhrase() throws {
        #expect(try SaudaSettings.load(from: [:]).diagnosticPhrase == "Система тест 2025")
        #expect(try SaudaSettings.load(from: ["DIAGNOSTIC_PHRASE": "off"]).diagnosticPhrase == nil)
        #expect(try SaudaSettings.load(from: ["DIAGNOSTIC_PHRASE": "Проверка 42"]).diagnosticPhrase == "Проверка 42")
    }
}
