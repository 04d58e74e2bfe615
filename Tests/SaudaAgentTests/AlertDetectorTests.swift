import Foundation
import SaudaAgent
import SaudaCore
import SaudaModels
import SaudaStore
import SaudaTestSupport
import Testing

/// What in a decided turn raises an operator alert, and what the customer who asked for a person is told.
@Suite struct AlertDetectorTests {
    typealias Engine = ConversationEngineTests

    static func exchange(_ name: String, arguments: JSONValue = [:], result: JSONValue, isError: Bool = false) -> ToolExchange {
        ToolExchange(calls: [ToolCall(id: "c1", name: name, arguments: arguments)],
                     results: [ToolResult(callID: "c1", name: name, content: result, isError: isError)], providerTurn: nil)
    }

    static func decision(reply: String? = "Хорошо.", tools: [ToolExchange] = [], status: ContactStatus = .client,
                         paused: Bool = false) -> ConversationDecision {
        ConversationDecision(status: status, isBotPaused: paused, replyText: reply, toolExchanges: tools)
    }

    @Test func aPlacedOrderAndABookedCallRaiseAlerts() {
        let order = Self.exchange("place_order", arguments: ["product_id": "eva-1", "name": "Азамат", "phone": "+77011234567"],
                                  result: ["ordered": true, "product": "EVA коврики Camry", "price_text": "8 500 сом"])
        let call = Self.exchange("book_call", arguments: ["time": "2026-12-07T11:00:00+05:00", "notes": "борта"],
                                 result: ["booked": true, "call_id": 3, "say": "7 декабря в 11:00"])
        let context = Engine.context(status: .client, messages: ["Оформляйте"])
        let alerts = AlertDetector.alerts(of: Self.decision(tools: [order, call]), context: context)
        #expect(alerts.map(\.reason) == [.orderPlaced, .callBooked])
        #expect(alerts.first?.summary == "EVA коврики Camry · 8 500 сом · Азамат · +77011234567")
        #expect(alerts.last?.summary == "7 декабря в 11:00 · борта")
    }

    @Test func failedToolsRaiseNone() {
        let refused = Self.exchange("book_call", result: ["error": "outside working hours"], isError: true)
        let quote = Self.exchange("quote_price", result: ["price_text": "8 500 сом"])
        let context = Engine.context(status: .client, messages: ["Запишите на воскресенье"])
        #expect(AlertDetector.alerts(of: Self.decision(tools: [refused, quote]), context: context).isEmpty)
    }

    @Test func aRequestForAPersonRaisesOneAlertEvenWhenTheReplyDefers() {
        let context = Engine.context(status: .client, messages: ["Сколько стоит?", "Позовите оператора"])
        let alerts = AlertDetector.alerts(of: Self.decision(reply: "Точную цену уточню и сразу сообщу Вам."), context: context)
        #expect(alerts.map(\.reason) == [.askedForHuman])
        #expect(alerts.first?.summary == "Позовите оператора")
    }

    @Test(arguments: ["Точную цену уточню и сразу сообщу Вам.",
                      "Точную информацию по этому вопросу уточню у менеджера, чтобы не ввести Вас в заблуждение.",
                      "I will check this with a manager so as not to mislead you."])
    func aReplyThatDefersRaisesCannotAnswer(_ reply: String) {
        let context = Engine.context(status: .client, messages: ["Есть ли коврики на Запорожец 1975?"])
        let alerts = AlertDetector.alerts(of: Self.decision(reply: reply), context: context)
        #expect(alerts.map(\.reason) == [.cannotAnswer])
        #expect(alerts.first?.summary == "Есть ли коврики на Запорожец 1975?")
    }

    @Test func anOrdinaryReplyRaisesNone() {
        let context = Engine.context(status: .client, messages: ["Сколько стоит доставка?"])
        #expect(AlertDetector.alerts(of: Self.decision(reply: "Доставка по городу бесплатно."), context: context).isEmpty)
    }

    @Test func aPausedChatOrANonClientRaisesNone() {
        let paused = Engine.context(status: .client, messages: ["Позовите оператора"])
        #expect(AlertDetector.alerts(of: Self.decision(reply: nil, paused: true), context: paused).isEmpty)
        let stranger = Engine.context(status: .notClient, messages: ["Позовите оператора"])
        #expect(AlertDetector.alerts(of: Self.decision(reply: nil, status: .notClient), context: stranger).isEmpty)
    }

    @Test func anAlertAnotherDeciderAddedIsKeptAndNotRepeated() {
        var decision = Self.decision()
        decision.alerts = [OperatorAlert(reason: .askedForHuman, summary: "меню: оператор")]
        let context = Engine.context(status: .client, messages: ["оператор"])
        let result = AlertDetector.adding(to: decision, context: context)
        #expect(result.alerts == [OperatorAlert(reason: .askedForHuman, summary: "меню: оператор")])
    }

    // MARK: the customer is told when a person answers

    /// 2026-12-07 is a Monday; the calendar works 10:00–18:00 Mon–Fri in Asia/Almaty (UTC+5).
    static func almaty(_ day: Int, _ hour: Int) -> Date {
        var components = DateComponents(year: 2026, month: 12, day: day, hour: hour)
        components.timeZone = TimeZone(identifier: "Asia/Almaty")
        return Calendar(identifier: .gregorian).date(from: components) ?? Date()
    }

    @Test(arguments: [
        (7, 12, "Менеджер ответит Вам в течение 15 минут."),
        (7, 8, "Менеджер ответит Вам сегодня с 10:00."),
        (8, 19, "Менеджер ответит Вам завтра с 10:00."),
        (11, 19, "Менеджер ответит Вам в понедельник с 10:00."),
        (5, 12, "Менеджер ответит Вам в понедельник с 10:00."),
    ])
    func thePromiseNamesWhenAManagerAnswers(day: Int, hour: Int, expected: String) {
        #expect(HumanHandoffText.promise(at: Self.almaty(day, hour), calendar: Engine.calendar, language: .russian) == expected)
    }

    @Test func theEnglishPromise() {
        #expect(HumanHandoffText.promise(at: Self.almaty(12, 12), calendar: Engine.calendar, language: .english)
                == "A manager will answer you on Monday from 10:00.")
    }

    @Test func theEngineAddsThePromiseToTheReplyOfACustomerWhoAskedForAPerson() async throws {
        let engine = Engine.fakeEngine(salesText: "Конечно, передаю Ваш вопрос.", log: Engine.AgentLog())
        let decision = try await engine.respond(to: Engine.context(status: .client, messages: ["Позовите менеджера"], now: Self.almaty(7, 12)))
        #expect(decision.replyText == "Конечно, передаю Ваш вопрос. Менеджер ответит Вам в течение 15 минут.")
        #expect(decision.alerts.map(\.reason) == [.askedForHuman])
    }

    @Test func theEngineDoesNotRepeatAPromiseTheReplyMakes() async throws {
        let engine = Engine.fakeEngine(salesText: "Менеджер ответит Вам через 10 минут.", log: Engine.AgentLog())
        let decision = try await engine.respond(to: Engine.context(status: .client, messages: ["Позовите менеджера"], now: Self.almaty(7, 12)))
        #expect(decision.replyText == "Менеджер ответит Вам через 10 минут.")
    }

    @Test func anUnknownContactWhoAsksForAPersonIsNotAnsweredButAlerts() async throws {
        let engine = Engine.fakeEngine(log: Engine.AgentLog())
        let decision = try await engine.respond(to: Engine.context(status: .unknown, messages: ["Оператор!"], now: Self.almaty(7, 12)))
        #expect(decision.replyText == nil)
        #expect(decision.alerts.map(\.reason) == [.askedForHuman])
    }

    @Test func anAlertTheAgentRaisesReachesTheDecisionOnce() async throws {
        let raised = OperatorAlert(reason: .askedForHuman, summary: "меню: 9 — оператор")
        let router = ContactStatusRouter(
            moderator: Engine.FakeAgent(name: "moderator", answer: AgentReply(), log: Engine.AgentLog()),
            salesAgent: Engine.FakeAgent(name: "sales", answer: AgentReply(text: "Соединяю.", alerts: [raised]), log: Engine.AgentLog()),
            classifyMinMessages: 3)
        let engine = ConversationEngine(router: router, settings: AgentSettings(calendar: Engine.calendar), logger: testLogger)
        let decision = try await engine.respond(to: Engine.context(status: .client, messages: ["Позовите оператора"], now: Self.almaty(7, 12)))
        #expect(decision.alerts == [raised])
        #expect(decision.replyText == "Соединяю. Менеджер ответит Вам в течение 15 минут.")
    }
}
