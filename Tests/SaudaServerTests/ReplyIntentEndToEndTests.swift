import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaModels
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// Who reads a WhatsApp customer's answer, end to end over Wappi and Gemini simulators: the model reads what the rules
/// cannot, with structured output, while the sales agent writes the reply; the reading is stored with the message,
/// decides the follow-up chain and shows in the console and the admin API.
@Suite struct ReplyIntentEndToEndTests {
    static let offer = "Подберём коврики EVA на Camry 2022 и привезём завтра. Оформляем?"

    @Test func theModelReadsAnAnswerThatIsNotObviousAndTheChainStops() async throws {
        let gemini = Self.simulatorUpToTheOffer()
        // The sales agent's answer and the reader's run at once; the reader's request asks for the `reply_intent` schema.
        gemini.enqueue(.text("Отлично! Как Вас зовут и куда доставить?", signature: nil))
        gemini.enqueue(.forSchema("reply_intent", .json(["reasoning": "согласие, уточняет время доставки", "intent": "yes"])))
        try await Self.withWhatsApp(gemini) { wappi, system, client in
            let phone = "77015550101"
            _ = await wappi.customerWrites(phone: phone, text: "Сколько стоят коврики EVA на камри 2022?", name: "Азамат")
            let offered = try await WhatsAppEndToEndTests.waitForBotMessages(wappi, phone: phone, count: 1).map(\.body)
            #expect(offered == [Self.offer])
            let running = try await Self.chain(system, phone: phone)
            #expect(running?.isCompleted == false, "the bot's offer starts a follow-up chain")

            // Not an obvious answer: the model reads it.
            let answer = "ну раз уже написали везите вечером после шести"
            _ = await wappi.customerWrites(phone: phone, text: answer, name: "Азамат")
            #expect(try await WhatsAppEndToEndTests.waitForBotMessages(wappi, phone: phone, count: 2).count == 2)

            let stored = try #require(try await WhatsAppEndToEndTests.conversation(system, phone: phone).last { $0.author == .customer })
            #expect(stored.text == answer)
            let modelVersion = try #require(stored.intent?.model)
            #expect(stored.intent == IntentReading(intent: .yes, source: .model, model: modelVersion))
            #expect(try await Self.chain(system, phone: phone)?.endReason == .clientSaidYes)
            #expect(gemini.remainingScript == 0)
            let intentRequest = try #require(gemini.requests.first { $0.body["generationConfig"]?["responseJsonSchema"]?["title"] == "reply_intent" })
            let instruction = intentRequest.body["systemInstruction"]?.jsonText ?? ""
            #expect(instruction.contains("Оформляем?") && instruction.contains("везите вечером"))

            // The first message answered nothing: the rules read it, without a model call.
            let first = try #require(try await WhatsAppEndToEndTests.conversation(system, phone: phone).first { $0.author == .customer })
            #expect(first.intent?.source == .rules)

            let token = try await system.database.transaction { sql in
                try await AccessTokens.issue(tenantID: "default", name: "Оператор", role: .viewer, in: sql).token
            }
            let page = try await client.execute(uri: "/console/conversations/\(stored.contactID)", method: .get,
                                                headers: [.cookie: "sauda_console=\(token)"]) { String(buffer: $0.body) }
            #expect(page.contains(#"<span class="intent intent-yes" data-source="model">ответ: да · модель \#(modelVersion)</span>"#))
            let api = try await client.execute(uri: "/api/v1/contacts/\(stored.contactID)/messages", method: .get,
                                               headers: [.authorization: "Bearer \(token)"]) { try JSONValue.parse(Data($0.body.readableBytesView)) }
            let reading = api["messages"]?.arrayValue?.last { $0["author"] == "customer" }?["reply_intent"]
            #expect(reading == ["intent": "yes", "source": "model", "model": .string(modelVersion)])
        }
    }

    @Test func whenTheModelGivesNoValidAnswerTheRulesDecideAndSaySo() async throws {
        let gemini = Self.simulatorUpToTheOffer()
        gemini.enqueue(.text("Хорошо, напишите, когда решите.", signature: nil))
        gemini.enqueue(.forSchema("reply_intent", .text("Клиент сомневается.", signature: nil)))
        try await Self.withWhatsApp(gemini) { wappi, system, _ in
            let phone = "77015550102"
            let stored = try await Self.answerTheOffer("Надо посоветоваться с мужем, до пятницы", phone: phone, wappi: wappi, system: system)
            #expect(stored.intent == IntentReading(intent: .unsure, source: .fallback))
            let chain = try await Self.chain(system, phone: phone)
            #expect(chain?.isCompleted == false)
            #expect(chain?.startReason == .unsureAnswer, "an unsure answer keeps the chain going")
        }
    }

    /// A reading slower than the reply gets its grace and no more: the rules read the answer and the reply is not held.
    @Test func aSlowReadingDoesNotHoldTheReplyUp() async throws {
        let gemini = Self.simulatorUpToTheOffer()
        gemini.enqueue(.text("Хорошо, напишите, когда решите.", signature: nil))
        gemini.enqueue(.forSchema("reply_intent", .delayed(milliseconds: 6_000, .json(["reasoning": "—", "intent": "yes"]))))
        try await Self.withWhatsApp(gemini) { wappi, system, _ in
            let stored = try await Self.answerTheOffer("посмотрим ближе к выходным наверно", phone: "77015550103", wappi: wappi, system: system)
            // Had the turn waited for the model's reading, the stored reading would be the model's yes.
            #expect(stored.intent == IntentReading(intent: .unsure, source: .fallback))
        }
    }

    /// A customer of `phone` asks the first question, gets the offer and answers it with `answer`; the answer as stored
    /// once the bot has replied to it.
    static func answerTheOffer(_ answer: String, phone: String, wappi: WappiSimulator, system: SaudaSystem) async throws -> StoredMessage {
        _ = await wappi.customerWrites(phone: phone, text: "Сколько стоят коврики EVA на камри 2022?", name: "Дана")
        _ = try await WhatsAppEndToEndTests.waitForBotMessages(wappi, phone: phone, count: 1)
        _ = await wappi.customerWrites(phone: phone, text: answer, name: "Дана")
        #expect(try await WhatsAppEndToEndTests.waitForBotMessages(wappi, phone: phone, count: 2).count == 2)
        return try #require(try await WhatsAppEndToEndTests.conversation(system, phone: phone).last { $0.author == .customer })
    }

    /// A Gemini simulator scripted for a customer's first question: the moderator's verdict, then the bot's offer.
    static func simulatorUpToTheOffer() -> GeminiSimulator {
        let gemini = GeminiSimulator(apiKey: "intent-key")
        gemini.enqueue(.text(#"{"isClient": true, "confidence": 0.9, "reasoning": "спрашивает цену"}"#, signature: nil))
        gemini.enqueue(.text(offer, signature: nil))
        return gemini
    }

    /// Runs `body` on WhatsApp (the Wappi simulator) with `gemini` as the model; a contact is classified from its first message.
    static func withWhatsApp(_ gemini: GeminiSimulator,
                             _ body: @escaping @Sendable (WappiSimulator, SaudaSystem, any TestClientProtocol) async throws -> Void) async throws {
        try await SimulatorServer.withServer(gemini.router()) { geminiPort in
            var models = ModelSettings()
            models.provider = .gemini
            models.geminiAPIKey = gemini.apiKey ?? ""
            models.geminiBaseURL = "http://127.0.0.1:\(geminiPort)/v1beta"
            try await WhatsAppEndToEndTests.withWhatsApp(models: models, configure: { $0.classifyMinMessages = 1 }) { wappi, system, client, _ in
                try await body(wappi, system, client)
            }
        }
    }

    /// The contact's latest follow-up chain.
    static func chain(_ system: SaudaSystem, phone: String) async throws -> FollowUp? {
        try await system.database.read { sql in
            let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "\(phone)@c.us"))
            return try await FollowUpRepository(sql).all(contactID: contact?.id ?? 0).first
        }
    }
}
