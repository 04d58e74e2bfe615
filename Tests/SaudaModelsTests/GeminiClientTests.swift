import AsyncHTTPClient
import Foundation
import Logging
import SaudaCore
import SaudaModels
import SaudaSimulators
import Synchronization
import Testing

/// The Gemini client against the Gemini simulator over real HTTP.
@Suite struct GeminiClientTests {
    static let calendar = WorkingCalendar(timeZone: TimeZone(identifier: "Asia/Almaty")!, startHour: 10, endHour: 18)
    static let now = try! Date("2025-10-15T14:30:00+05:00", strategy: .iso8601)

    static func request(_ texts: [String], format: ResponseFormat = .text) -> ModelRequest {
        let history = texts.map { ConversationMessage(author: .customer, text: $0, sentAt: now) }
        return ModelRequest(purpose: .sales, systemInstruction: "Вы — менеджер АвтоКоврик.", history: history, knowledge: [],
                            context: TurnContext(businessName: "АвтоКоврик", contact: ContactProfile(), spinStage: .situation,
                                                 calendar: calendar, now: now, newMessages: texts),
                            responseFormat: format)
    }

    static func withGemini(key: String = "test-key", attempts: Int = 3,
                           _ body: @escaping @Sendable (GeminiSimulator, GeminiModel) async throws -> Void) async throws {
        let simulator = GeminiSimulator(apiKey: "test-key")
        try await SimulatorServer.withServer(simulator.router()) { port in
            let configuration = GeminiModel.Configuration(
                apiKey: key, model: "gemini-2.5-flash", baseURL: "http://127.0.0.1:\(port)/v1beta", requestTimeout: .seconds(5),
                retry: ModelRetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(10), maximumDelay: .milliseconds(40),
                                        longestWait: .seconds(2)))
            // A client of its own: an idle keep-alive connection of the shared client to a port an earlier test's
            // simulator used would carry this test's requests to that simulator.
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                try await body(simulator, GeminiModel(configuration: configuration, http: ModelHTTPClient(client: http),
                                                      logger: Logger(label: "test")))
            } catch {
                try? await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }

    /// Tools that record their calls.
    final class Recorder: Sendable {
        let calls = Mutex<[String]>([])
        var registry: ToolRegistry {
            ToolRegistry([
                Tool(name: "propose_slots", description: "Nearest free call slots.",
                     parameters: ["type": "object", "properties": ["after": ["type": "string"]]]) { _, _ in
                    self.calls.withLock { $0.append("propose_slots") }
                    return ["slots": ["2025-10-16T10:00:00+05:00", "2025-10-16T11:00:00+05:00"]]
                },
                Tool(name: "book_call", description: "Book a call.",
                     parameters: ["type": "object", "properties": ["time": ["type": "string"], "phone": ["type": "string"]],
                                  "required": ["time"]]) { arguments, _ in
                    self.calls.withLock { $0.append("book_call \(arguments["time"]?.stringValue ?? "")") }
                    return ["booked": true]
                },
            ])
        }
    }

    static let context = ToolContext(tenantID: "default", contactID: 1, chatID: "77001234567", now: now)

    @Test func textAnswerWithUsageAndTheKeyInAHeader() async throws {
        try await Self.withGemini { simulator, model in
            simulator.enqueue(.text("Здравствуйте! EVA коврики стоят от 15 000 тенге.", signature: "text-sig"))
            let response = try await model.respond(to: Self.request(["Здравствуйте", "Сколько стоят коврики?"]))
            #expect(response.text == "Здравствуйте! EVA коврики стоят от 15 000 тенге.")
            #expect(response.finishReason == .stop)
            #expect(response.usage.input > 0 && response.usage.output > 0)
            let sent = try #require(simulator.requests.first)
            #expect(sent.apiKey == "test-key")
            #expect(sent.body["systemInstruction"]?["parts"]?.arrayValue?.first?["text"]?.stringValue == "Вы — менеджер АвтоКоврик.")
            // Two customer messages in a row become one user turn.
            #expect(sent.body["contents"]?.arrayValue?.count == 1)
            #expect(sent.body["contents"]?.arrayValue?.first?["role"] == "user")
        }
    }

    @Test func multiRoundToolCallingReplaysThoughtSignatures() async throws {
        try await Self.withGemini { simulator, model in
            simulator.enqueue(
                .functionCalls([.init(name: "propose_slots", args: ["after": "2025-10-15T18:30:00+05:00"])], signature: "sig-1"),
                .functionCalls([.init(name: "book_call", args: ["time": "2025-10-16T10:00:00+05:00"], id: "call-7")], signature: "sig-2"),
                .text("Записал Вас на 16 октября в 10:00.", signature: nil))
            let recorder = Recorder()
            let loop = ToolCallingLoop(model: model, registry: recorder.registry)
            let outcome = try await loop.run(Self.request(["Можно созвониться завтра утром?"]), context: Self.context)
            #expect(outcome.response.text == "Записал Вас на 16 октября в 10:00.")
            #expect(outcome.exchanges.count == 2)
            #expect(outcome.calls == 3)
            #expect(recorder.calls.withLock { $0 } == ["propose_slots", "book_call 2025-10-16T10:00:00+05:00"])
            let third = try #require(simulator.requests.last?.body["contents"]?.arrayValue)
            #expect(third.count == 5)
            #expect(third[1]["parts"]?.arrayValue?.first?["thoughtSignature"] == "sig-1")
            #expect(third[3]["parts"]?.arrayValue?.first?["thoughtSignature"] == "sig-2")
            // The response to a call with a provider id echoes the id; one without an id sends none.
            #expect(third[2]["parts"]?.arrayValue?.first?["functionResponse"]?["id"] == nil)
            #expect(third[4]["parts"]?.arrayValue?.first?["functionResponse"]?["id"] == "call-7")
            #expect(third[4]["parts"]?.arrayValue?.first?["functionResponse"]?["response"]?["output"]?["booked"] == true)
            #expect(simulator.requests.first?.body["tools"]?.arrayValue?.first?["functionDeclarations"]?.arrayValue?.count == 2)
        }
    }

    @Test func parallelCallsAreAnsweredInOneTurnInOrder() async throws {
        try await Self.withGemini { simulator, model in
            simulator.enqueue(
                .functionCalls([.init(name: "propose_slots", args: [:]), .init(name: "book_call", args: ["time": "завтра в 10"])],
                               signature: "sig-p"),
                .text("Готово.", signature: nil))
            let outcome = try await ToolCallingLoop(model: model, registry: Recorder().registry)
                .run(Self.request(["Запишите на звонок"]), context: Self.context)
            #expect(outcome.response.text == "Готово.")
            let contents = try #require(simulator.requests.last?.body["contents"]?.arrayValue)
            let responses = try #require(contents.last?["parts"]?.arrayValue)
            #expect(responses.map { $0["functionResponse"]?["name"]?.stringValue } == ["propose_slots", "book_call"])
            #expect(contents[1]["parts"]?.arrayValue?[1]["thoughtSignature"] == nil)
        }
    }

    @Test func invalidArgumentsAndUnknownToolsGoBackToTheModelAsErrors() async throws {
        try await Self.withGemini { simulator, model in
            simulator.enqueue(
                .functionCalls([.init(name: "book_call", args: ["phone": 77001234567]), .init(name: "send_discount", args: [:])],
                               signature: nil),
                .text("Уточните, пожалуйста, удобное время.", signature: nil))
            let recorder = Recorder()
            let outcome = try await ToolCallingLoop(model: model, registry: recorder.registry)
                .run(Self.request(["Позвоните мне"]), context: Self.context)
            #expect(outcome.response.text == "Уточните, пожалуйста, удобное время.")
            #expect(recorder.calls.withLock { $0 }.isEmpty)
            let results = try #require(outcome.exchanges.first?.results)
            #expect(results.allSatisfy { $0.isError })
            #expect(results[0].content.stringValue?.contains("$.time: required") == true)
            #expect(results[0].content.stringValue?.contains("$.phone: expected string") == true)
            #expect(results[1].content.stringValue?.hasPrefix("unknown tool send_discount") == true)
            let sent = simulator.requests.last?.body["contents"]?.arrayValue?.last?["parts"]?.arrayValue?.first
            #expect(sent?["functionResponse"]?["response"]?["error"] != nil)
        }
    }

    @Test func jsonOutputSendsTheSchema() async throws {
        try await Self.withGemini { simulator, model in
            simulator.enqueue(.json(["isClient": true, "confidence": 0.9, "reasoning": "Спрашивает цену"]))
            let schema: JSONValue = ["type": "object", "properties": ["isClient": ["type": ["boolean", "null"]]]]
            let response = try await model.respond(to: Self.request(["Сколько стоит?"], format: .json(name: "classification", schema: schema)))
            #expect(try JSONValue.parse(response.text)["isClient"] == true)
            let config = simulator.requests.first?.body["generationConfig"]
            #expect(config?["responseMimeType"] == "application/json")
            #expect(config?["responseJsonSchema"] == schema)
        }
    }

    @Test func rateLimitWaitsTheBodysRetryDelay() async throws {
        try await Self.withGemini { simulator, model in
            simulator.enqueue(.geminiRateLimited(seconds: 0.2), .text("Ответ после паузы.", signature: nil))
            let started = ContinuousClock.now
            let response = try await model.respond(to: Self.request(["Привет"]))
            #expect(response.text == "Ответ после паузы.")
            #expect(ContinuousClock.now - started >= .milliseconds(200))
            #expect(simulator.requests.count == 2)
        }
    }

    @Test func aDailyQuotaFailsAtOnce() async throws {
        try await Self.withGemini { simulator, model in
            simulator.enqueue(.geminiDailyQuota, .text("не должен быть запрошен", signature: nil))
            let error = await #expect(throws: ModelError.self) { try await model.respond(to: Self.request(["Привет"])) }
            #expect(error?.kind == .quotaExhausted)
            #expect(error?.message.contains("PerDay") == true)
            #expect(simulator.requests.count == 1)
        }
    }

    @Test func serverErrorsAreRetriedWithBackoffThenGivenUp() async throws {
        try await Self.withGemini { simulator, model in
            simulator.enqueue(.geminiInternal, .geminiInternal, .text("Третья попытка.", signature: nil))
            let third = try await model.respond(to: Self.request(["Привет"]))
            #expect(third.text == "Третья попытка.")
            simulator.enqueue(.geminiInternal, .geminiInternal, .geminiInternal, .text("поздно", signature: nil))
            let error = await #expect(throws: ModelError.self) { try await model.respond(to: Self.request(["Привет"])) }
            #expect(error?.kind == .transient)
            #expect(simulator.requests.count == 6)
        }
    }

    @Test func unusableAnswersAreTypedErrors() async throws {
        try await Self.withGemini(attempts: 1) { simulator, model in
            let cases: [(ScriptedReply, ModelError.Kind, String)] = [
                (.raw(status: 200, body: "{\"candidates\": [oops"), .malformedResponse, "not JSON"),
                (.empty(finishReason: "STOP"), .malformedResponse, "empty"),
                (.empty(finishReason: "MAX_TOKENS"), .malformedResponse, "output limit"),
                (.empty(finishReason: "MALFORMED_FUNCTION_CALL"), .malformedResponse, "malformed"),
                (.empty(finishReason: "SAFETY"), .blocked, "SAFETY"),
                (.blocked(reason: "PROHIBITED_CONTENT"), .blocked, "PROHIBITED_CONTENT"),
                (.error(status: 400, body: ["error": ["code": 400, "status": "INVALID_ARGUMENT", "message": "bad"]]), .invalidRequest, "bad"),
            ]
            for (reply, kind, text) in cases {
                simulator.enqueue(reply)
                let error = await #expect(throws: ModelError.self) { try await model.respond(to: Self.request(["Привет"])) }
                #expect(error?.kind == kind, "\(reply)")
                #expect(error?.message.contains(text) == true, "\(error?.message ?? "") should mention \(text)")
            }
        }
    }

    @Test func aWrongKeyIsAnAuthenticationErrorWithoutRetries() async throws {
        try await Self.withGemini(key: "wrong") { simulator, model in
            let error = await #expect(throws: ModelError.self) { try await model.respond(to: Self.request(["Привет"])) }
            #expect(error?.kind == .authentication)
            #expect(simulator.requests.count == 1)
        }
    }

    @Test func aMalformedFunctionCallGetsOneMoreAttemptInTheLoop() async throws {
        try await Self.withGemini { simulator, model in
            simulator.enqueue(.empty(finishReason: "MALFORMED_FUNCTION_CALL"), .text("Со второй попытки.", signature: nil))
            let outcome = try await ToolCallingLoop(model: model, registry: Recorder().registry)
                .run(Self.request(["Запишите меня"]), context: Self.context)
            #expect(outcome.response.text == "Со второй попытки.")
            #expect(outcome.calls == 2)
        }
    }

    @Test func theSimulatorRefusesACallTurnReplayedWithoutItsSignature() async throws {
        try await Self.withGemini { simulator, model in
            simulator.enqueue(.functionCalls([.init(name: "propose_slots", args: [:])], signature: "sig-x"))
            let first = try await model.respond(to: Self.request(["Когда можно созвониться?"]))
            var request = Self.request(["Когда можно созвониться?"])
            // Rebuilt from the calls instead of the provider's turn: the signature is lost.
            request.exchanges = [ToolExchange(calls: first.toolCalls,
                                              results: [ToolResult(callID: first.toolCalls[0].id, name: "propose_slots",
                                                                   content: ["slots": []], isError: false)],
                                              providerTurn: nil)]
            let error = await #expect(throws: ModelError.self) { try await model.respond(to: request) }
            #expect(error?.kind == .invalidRequest)
            #expect(error?.message.contains("thought_signature") == true)
        }
    }

    @Test func aSlowAnswerTimesOutAndIsRetried() async throws {
        let simulator = GeminiSimulator(apiKey: "test-key")
        try await SimulatorServer.withServer(simulator.router()) { port in
            let configuration = GeminiModel.Configuration(
                apiKey: "test-key", model: "gemini-2.5-flash", baseURL: "http://127.0.0.1:\(port)/v1beta", requestTimeout: .seconds(4),
                retry: ModelRetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10), maximumDelay: .milliseconds(20), longestWait: .seconds(1)))
            let model = GeminiModel(configuration: configuration, http: ModelHTTPClient(client: .shared), logger: Logger(label: "test"))
            // The timeout leaves a loaded test machine room to answer the prompt reply; the slow ones miss it by far.
            simulator.enqueue(.delayed(milliseconds: 12_000, .text("слишком поздно", signature: nil)), .text("Вовремя.", signature: nil))
            let response = try await model.respond(to: Self.request(["Привет"]))
            #expect(response.text == "Вовремя.")
            simulator.enqueue(.delayed(milliseconds: 12_000, .text("поздно", signature: nil)), .delayed(milliseconds: 12_000, .text("поздно", signature: nil)))
            let error = await #expect(throws: ModelError.self) { try await model.respond(to: Self.request(["Привет"])) }
            #expect(error?.kind == .transient)
        }
    }

    @Test func voiceNotesGoInlineWithAnAcceptedMIMEType() async throws {
        try await Self.withGemini { simulator, model in
            simulator.enqueue(.text(" Здравствуйте, сколько стоит доставка? ", signature: nil))
            let transcript = try await model.transcribe(AudioClip(data: Data([0x4f, 0x67, 0x67, 0x53]), mimeType: "application/octet-stream"))
            #expect(transcript.text == "Здравствуйте, сколько стоит доставка?")
            let parts = try #require(simulator.requests.first?.body["contents"]?.arrayValue?.first?["parts"]?.arrayValue)
            #expect(parts[1]["inlineData"]?["mimeType"] == "audio/ogg")
            #expect(parts[1]["inlineData"]?["data"] == .string(Data([0x4f, 0x67, 0x67, 0x53]).base64EncodedString()))
        }
    }
}
