import Foundation
import SaudaCatalogue
import SaudaCore
import Testing
@testable import SaudaFunnel

/// Seed 000's scenarios and the menu, by rules alone, over the EVOPOLIKI demo catalogue.
@Suite struct FunnelMachineTests {
    let machine: FunnelMachine
    let whatsapp = FunnelContext(businessName: "EVOPOLIKI", channelPhone: "+77011234567", answerTime: "в течение 15 минут")
    let webChat = FunnelContext(businessName: "EVOPOLIKI", answerTime: "в течение 15 минут")

    init() throws {
        machine = FunnelMachine(catalogue: try CatalogueSample.evopoliki.load().catalogue)
    }

    /// Runs the messages one after another from a new conversation; the turns, in order.
    func run(_ messages: [String], context: FunnelContext? = nil, from start: FunnelState = FunnelState()) -> [FunnelTurn] {
        var state = start
        var turns: [FunnelTurn] = []
        for message in messages {
            var context = context ?? whatsapp
            context.businessSpoke = !turns.isEmpty
            let turn = machine.advance(state, message: message, context: context)
            state = turn.state
            turns.append(turn)
        }
        return turns
    }

    @Test func theFullOrderOfSeed000() throws {
        let turns = run(["Привет", "Хочу коврики ева на тойоту камри две тысячи двадцать второй", "С бортами пять сантиметров",
                         "Да, меня зовут Азамат"])
        #expect(turns[0].reply?.contains("Здравствуйте") == true)
        #expect(turns[0].state.step == .idle)
        let found = try #require(turns[1].reply)
        #expect(found.contains("Toyota Camry 2022"))
        #expect(found.contains("готовые лекала"))
        #expect(turns[1].toolCalls.map(\.name) == ["find_products"])
        #expect(turns[1].state.step == .options)
        let quote = try #require(turns[2].reply)
        #expect(quote.contains("8 000 сом"))
        #expect(quote.contains("Итого: 8 500 сом"))
        #expect(turns[2].toolCalls.map(\.name) == ["quote_price"])
        #expect(turns[2].state.options == ["Борты 5 см"])
        let order = try #require(turns[3].toolCalls.first)
        #expect(order.name == "place_order")
        #expect(order.arguments["name"]?.stringValue == "Азамат")
        #expect(order.arguments["product_id"]?.stringValue == "EVA-SEDAN")
        #expect(order.arguments["phone"]?.stringValue == "+77011234567")
        #expect(turns[3].reply?.contains("заявка принята") == true)
        #expect(turns[3].state.step == .idle)
        #expect(turns[3].state.orderedNeed == "EVA коврики в салон — седан / хэтчбек, Борты 5 см")
    }

    @Test func aCarWithoutPatternsGetsTheMeasurementOffer() throws {
        let turns = run(["Нужны коврики на Acura MDX 2016", "Да", "Меня зовут Ерлан"])
        #expect(turns[0].reply?.contains("индивидуальный замер") == true)
        #expect(turns[0].state.step == .measurement)
        #expect(turns[1].state.step == .measurementContact || turns[1].toolCalls.first?.name == "record_lead")
        let lead = try #require((turns[1].toolCalls + turns[2].toolCalls).first { $0.name == "record_lead" })
        #expect(lead.arguments["need"]?.stringValue?.contains("Acura MDX") == true)
    }

    @Test func theMenuAnswersADigitAtAnyStep() throws {
        let turns = run(["Хочу коврики ева на камри 2020", "Меню", "1", "2"])
        #expect(turns[1].state.step == .menu)
        #expect(turns[1].reply?.contains("1. Каталог") == true)
        #expect(turns[2].state.step == .category)
        #expect(turns[2].reply?.contains("Чехлы") == true)
        #expect(turns[3].state.categoryID == "Чехлы" || turns[3].state.categoryID != nil)
        #expect(turns[3].state.step == .options || turns[3].state.step == .product)
    }

    @Test func freeTextInsideTheFunnelIsLeftToTheModelAndTheStepKept() {
        let turns = run(["Хочу коврики ева на камри 2020", "А доставка в Бишкек сколько идёт?"])
        #expect(turns[1].reply == nil)
        #expect(turns[1].state.step == .options)
        #expect(machine.prompt(for: turns[1].state, context: whatsapp).contains("Борты 5 см"))
    }

    @Test func theWebChatAsksForTheNameAndThePhone() throws {
        let turns = run(["Чехлы на камри 2019", "1", "без опций", "да", "Азамат, 8 701 123 45 67"], context: webChat)
        #expect(turns[3].state.step == .contact)
        let order = try #require(turns[4].toolCalls.first)
        #expect(order.name == "place_order")
        #expect(order.arguments["phone"]?.stringValue == "+77011234567")
    }

    @Test func askingForAPersonIsAMilestone() {
        let turn = machine.advance(FunnelState(step: .options), message: "оператор", context: whatsapp)
        #expect(turn.wantsHuman)
        #expect(turn.reply?.contains("менеджер ответит") == true)
    }

    @Test func stateSurvivesStorage() {
        var state = FunnelState(step: .confirm)
        state.brand = "Toyota"
        state.options = ["Борты 5 см"]
        #expect(FunnelState(storedText: state.storedText) == state)
        #expect(FunnelState(storedText: "{not json") == nil)
    }
}
