import Foundation
import SaudaAgent
import SaudaCore
import SaudaTestSupport
import Testing

/// A first message that is clearly a business question is answered at once; greetings, ambiguous openers and
/// anything that looks like spam wait for the classification, and the strict rule waits always.
@Suite struct FirstQuestionRuleTests {
    static func engine(log: ConversationEngineTests.AgentLog, answersFirstQuestion: Bool) -> ConversationEngine {
        let settings = AgentSettings(calendar: ConversationEngineTests.calendar)
        let router = ContactStatusRouter(
            moderator: ConversationEngineTests.FakeAgent(name: "moderator", answer: AgentReply(), log: log),
            salesAgent: ConversationEngineTests.FakeAgent(name: "sales", answer: AgentReply(text: "Комплект стоит 8 000 сом."), log: log),
            classifyMinMessages: 3, answersFirstQuestion: answersFirstQuestion)
        return ConversationEngine(router: router, settings: settings, logger: testLogger)
    }

    @Test(arguments: ["Сколько стоят EVA коврики на Camry?", "Есть доставка в Астану?", "Хочу заказать коврики на прадо",
                      "Можно записаться на замер в субботу?", "How much are the 5D mats?"])
    func aClearBusinessQuestionIsAnsweredAtOnce(_ text: String) async throws {
        let log = ConversationEngineTests.AgentLog()
        let decision = try await Self.engine(log: log, answersFirstQuestion: true)
            .respond(to: ConversationEngineTests.context(status: .unknown, messages: [text]))
        #expect(decision.status == .client)
        #expect(decision.classification?.reasoning.hasPrefix("Первое сообщение — вопрос по делу") == true)
        #expect(decision.replyText == "Комплект стоит 8 000 сом.")
        #expect(await log.asked == ["sales"], "no moderator call for the first question")
    }

    @Test(arguments: ["Привет", "Добрый день!", "Салем", "Это кто?", "Предлагаем продвижение сайта, цены ниже рынка"])
    func greetingsAmbiguousOpenersAndSpamWait(_ text: String) async throws {
        let log = ConversationEngineTests.AgentLog()
        let decision = try await Self.engine(log: log, answersFirstQuestion: true)
            .respond(to: ConversationEngineTests.context(status: .unknown, messages: [text]))
        #expect(decision.replyText == nil)
        #expect(decision.status == .unknown)
        #expect(await log.asked.isEmpty)
    }

    @Test func theStrictRuleWaitsEvenForAQuestion() async throws {
        let log = ConversationEngineTests.AgentLog()
        let decision = try await Self.engine(log: log, answersFirstQuestion: false)
            .respond(to: ConversationEngineTests.context(status: .unknown, messages: ["Сколько стоят EVA коврики?"]))
        #expect(decision.replyText == nil)
        #expect(await log.asked.isEmpty)
    }

    @Test func theSettingChoosesTheRule() throws {
        #expect(try SaudaSettings.load(from: [:]).firstMessageRule == .question)
        #expect(AgentSettings(try SaudaSettings.load(from: ["FIRST_MESSAGE_RULE": "strict"])).answersFirstQuestion == false)
        #expect(AgentSettings(try SaudaSettings.load(from: [:])).answersFirstQuestion)
        #expect(throws: SaudaSettings.Invalid.self) { try SaudaSettings.load(from: ["FIRST_MESSAGE_RULE": "sometimes"]) }
    }
}
