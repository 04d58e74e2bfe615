import Foundation
import Logging
import SaudaAgent
import SaudaCore
import SaudaModels
import Synchronization
import Testing

/// Who reads a customer's answer: the rules for the obvious ones, the model with structured output for the rest, the
/// rules again when the model cannot answer.
@Suite struct ReplyIntentReaderTests {
    /// A remote model whose answer a test decides; it records the requests.
    final class RemoteModel: LanguageModel, Sendable {
        let answer: @Sendable (ModelRequest) throws(ModelError) -> ModelResponse
        let requests = Mutex<[ModelRequest]>([])
        let name = "gemini"

        init(_ answer: @escaping @Sendable (ModelRequest) throws(ModelError) -> ModelResponse) { self.answer = answer }

        /// A model that answers `text` as `model`.
        convenience init(text: String, model: String = "gemini-2.5-flash") {
            self.init { _ throws(ModelError) in ModelResponse(text: text, finishReason: .stop, usage: .zero, model: model) }
        }

        func respond(to request: ModelRequest) async throws(ModelError) -> ModelResponse {
            requests.withLock { $0.append(request) }
            return try answer(request)
        }

        var calls: Int { requests.withLock { $0.count } }
    }

    static let offer = "Могу оформить коврики на Camry 2022 за 25 000 ₸. Оформляем?"

    static func reader(_ model: any LanguageModel) throws -> ReplyIntentReader {
        ReplyIntentReader(model: model, prompts: try PromptLibrary(), settings: AgentSettings(calendar: ConversationEngineTests.calendar),
                          logger: Logger(label: "test"))
    }

    static func read(_ text: String, with model: any LanguageModel, answering offer: String? = offer) async throws -> IntentReading {
        try await reader(model).read(text, answering: offer, businessName: "EVA Поляки", now: Date(), tenantID: "default", contactID: 1)
    }

    @Test func theModelReadsWhatTheRulesWouldMisread() async throws {
        let model = RemoteModel(text: #"{"reasoning": "согласие с оговоркой про время", "intent": "yes"}"#)
        let reading = try await Self.read("ну в принципе можно, только вечером привезите", with: model)
        #expect(reading == IntentReading(intent: .yes, source: .model, model: "gemini-2.5-flash"))
        let request = try #require(model.requests.withLock { $0.first })
        #expect(request.purpose == .replyIntent)
        #expect(request.temperature == 0)
        guard case .json(let name, let schema) = request.responseFormat else {
            Issue.record("the request must ask for structured output")
            return
        }
        #expect(name == "reply_intent")
        #expect(schema["properties"]?["intent"]?["enum"] == ["yes", "no", "unsure", "other"])
        #expect(request.systemInstruction.contains(Self.offer))
        #expect(request.systemInstruction.contains("вечером привезите"))
    }

    @Test func anObviousAnswerNeverReachesTheModel() async throws {
        let model = RemoteModel(text: #"{"reasoning": "—", "intent": "no"}"#)
        for text in ["Договорились!", "👍", "нет, спасибо", "иә"] {
            let reading = try await Self.read(text, with: model)
            #expect(reading.source == .rules)
        }
        #expect(model.calls == 0)
    }

    @Test func aMessageThatAnswersNothingIsReadByTheRules() async throws {
        let model = RemoteModel(text: #"{"reasoning": "—", "intent": "yes"}"#)
        let reading = try await Self.read("Здравствуйте, хочу коврики на камри", with: model, answering: nil)
        #expect(reading.source == .rules)
        #expect(model.calls == 0)
    }

    @Test func withoutARemoteModelTheRulesRead() async throws {
        let reading = try await Self.read("Надо посоветоваться с женой", with: OfflineEngine())
        #expect(reading == IntentReading(intent: .unsure, source: .rules))
    }

    @Test(arguments: ["Конечно! Клиент согласен.", #"{"reasoning": "—", "intent": "maybe"}"#, #"{"reasoning": "—"}"#])
    func anInvalidAnswerFallsBackToTheRules(_ answer: String) async throws {
        let reading = try await Self.read("Не сейчас, может через месяц", with: RemoteModel(text: answer))
        #expect(reading == IntentReading(intent: ReplyIntent.of("Не сейчас, может через месяц"), source: .fallback))
    }

    @Test func aFailingModelFallsBackToTheRules() async throws {
        let failing = RemoteModel { _ throws(ModelError) in throw ModelError(.transient, "503 UNAVAILABLE") }
        let reading = try await Self.read("Скорее всего, но не точно", with: failing)
        #expect(reading.source == .fallback)
        #expect(reading.intent == ReplyIntent.of("Скорее всего, но не точно"))
    }

    /// Behind the guard, the offline engine answers for a failed model; that answer is the rules', not the model's.
    @Test func theGuardsOfflineAnswerCountsAsAFallback() async throws {
        let failing = RemoteModel { _ throws(ModelError) in throw ModelError(.transient, "503 UNAVAILABLE") }
        let guarded = GuardedModel(primary: failing, fallback: OfflineEngine(),
                                   breaker: CircuitBreaker(failureThreshold: 5, openDuration: .seconds(30)), budget: ProviderBudget(name: "test", limits: .unlimited),
                                   callDeadline: .seconds(5), logger: Logger(label: "test"))
        let reading = try await Self.read("хорошо, подумаем с мужем", with: guarded)
        #expect(reading == IntentReading(intent: .unsure, source: .fallback))
    }

    @Test func codeFencesAroundTheAnswerAreTolerated() {
        #expect(ReplyIntentReader.parse("```json\n{\"reasoning\": \"отказ\", \"intent\": \"no\"}\n```") == .no)
        #expect(ReplyIntentReader.parse("да") == nil)
    }

    /// A voice note is read by its transcript; one without words never reaches the model.
    @Test func voiceNotesAreReadByTheirWords() async throws {
        let model = RemoteModel(text: #"{"reasoning": "—", "intent": "unsure"}"#)
        #expect(try await Self.read("[ТРАНСКРИБАЦИЯ] Да, договорились", with: model) == IntentReading(intent: .yes, source: .rules))
        #expect(try await Self.read(VoiceNoteText.untranscribed, with: model) == IntentReading(intent: .other, source: .rules))
        #expect(try await Self.read("   ", with: model) == IntentReading(intent: .other, source: .rules))
        #expect(model.calls == 0)
        #expect(try await Self.read("[ТРАНСКРИБАЦИЯ] ну не знаю даже посмотрим", with: model).source == .model)
        let sent = try #require(model.requests.withLock { $0.last })
        #expect(!sent.systemInstruction.contains("ТРАНСКРИБАЦИЯ"))
        #expect(ReplyIntentReader.rules("[ТРАНСКРИБАЦИЯ] Нет") == .no)
    }
}
