import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1
import SaudaCore
import SaudaModels
import SaudaSimulators
import Testing

/// The OpenAI-compatible client against the OpenAI simulator over real HTTP.
@Suite struct OpenAIClientTests {
    static func withOpenAI(key: String? = "sk-test", serverKey: String? = "sk-test",
                           _ body: @escaping @Sendable (OpenAISimulator, OpenAIModel) async throws -> Void) async throws {
        let simulator = OpenAISimulator(apiKey: serverKey)
        try await SimulatorServer.withServer(simulator.router()) { port in
            let configuration = OpenAIModel.Configuration(
                baseURL: "http://127.0.0.1:\(port)/v1", apiKey: key, model: "gpt-4o-mini", transcriptionModel: "whisper-1",
                requestTimeout: .seconds(5),
                retry: ModelRetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maximumDelay: .milliseconds(40), longestWait: .seconds(2)))
            try await body(simulator, OpenAIModel(configuration: configuration, http: ModelHTTPClient(client: .shared), logger: Logger(label: "test")))
        }
    }

    @Test func textAnswerWithSystemMessageAndBearerKey() async throws {
        try await Self.withOpenAI { simulator, model in
            simulator.enqueue(.text("Здравствуйте! Чем могу помочь?", signature: nil))
            let response = try await model.respond(to: GeminiClientTests.request(["Здравствуйте"]))
            #expect(response.text == "Здравствуйте! Чем могу помочь?")
            #expect(response.usage.input > 0)
            let sent = try #require(simulator.requests.first)
            #expect(sent.authorization == "Bearer sk-test")
            #expect(sent.body["messages"]?.arrayValue?.map { $0["role"]?.stringValue ?? "" } == ["system", "user"])
        }
    }

    @Test func toolRoundsAnswerEveryCallIDAndMissingIDsAreMadeUp() async throws {
        try await Self.withOpenAI { simulator, model in
            simulator.enqueue(
                .functionCalls([.init(name: "propose_slots", args: [:], id: "call_a"), .init(name: "book_call", args: ["time": "завтра"], id: "")],
                               signature: nil),
                .text("Записал Вас.", signature: nil))
            let outcome = try await ToolCallingLoop(model: model, registry: GeminiClientTests.Recorder().registry)
                .run(GeminiClientTests.request(["Запишите на звонок"]), context: GeminiClientTests.context)
            #expect(outcome.response.text == "Записал Вас.")
            let messages = try #require(simulator.requests.last?.body["messages"]?.arrayValue)
            #expect(messages.map { $0["role"]?.stringValue ?? "" } == ["system", "user", "assistant", "tool", "tool"])
            #expect(messages[3]["tool_call_id"] == "call_a")
            #expect(messages[4]["tool_call_id"] == "call_book_call_1")
            #expect(messages[2]["tool_calls"]?.arrayValue?[1]["id"] == "call_book_call_1")
            #expect(try JSONValue.parse(messages[4]["content"]?.stringValue ?? "")["booked"] == true)
        }
    }

    @Test func jsonSchemaOutput() async throws {
        try await Self.withOpenAI { simulator, model in
            simulator.enqueue(.json(["isClient": false, "confidence": 0.8, "reasoning": "Личное"]))
            let response = try await model.respond(to: GeminiClientTests.request(["Привет, это мама"],
                                                                                  format: .json(name: "classification", schema: ["type": "object"])))
            #expect(try JSONValue.parse(response.text)["isClient"] == false)
            #expect(simulator.requests.first?.body["response_format"]?["json_schema"]?["name"] == "classification")
        }
    }

    @Test func retryAfterHeadersAndQuotaAndStringErrors() async throws {
        try await Self.withOpenAI { simulator, model in
            simulator.enqueue(.error(status: 429, body: ["error": ["message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"]]),
                              .text("После паузы.", signature: nil))
            let afterPause = try await model.respond(to: GeminiClientTests.request(["Привет"]))
            #expect(afterPause.text == "После паузы.")
            simulator.enqueue(.error(status: 429, body: ["error": ["message": "You exceeded your current quota", "type": "insufficient_quota",
                                                                   "code": "insufficient_quota"]]))
            let quota = await #expect(throws: ModelError.self) { try await model.respond(to: GeminiClientTests.request(["Привет"])) }
            #expect(quota?.kind == .quotaExhausted)
            simulator.enqueue(.error(status: 400, body: ["error": "model 'llama9' not found"]))
            let missing = await #expect(throws: ModelError.self) { try await model.respond(to: GeminiClientTests.request(["Привет"])) }
            #expect(missing?.kind == .invalidRequest)
            #expect(missing?.message.contains("llama9") == true)
        }
        let headers: [(String, String)] = [("retry-after-ms", "1500")]
        let error = OpenAIWire.error(status: 429, headers: .init(headers), body: Data())
        #expect(error.retryAfter == .milliseconds(1500))
    }

    @Test func aLocalServerWithoutKeyAndAWrongKey() async throws {
        try await Self.withOpenAI(key: nil, serverKey: nil) { simulator, model in
            _ = try await model.respond(to: GeminiClientTests.request(["Привет"]))
            #expect(simulator.requests.first?.authorization == nil)
        }
        try await Self.withOpenAI(key: "sk-wrong") { _, model in
            let error = await #expect(throws: ModelError.self) { try await model.respond(to: GeminiClientTests.request(["Привет"])) }
            #expect(error?.kind == .authentication)
        }
    }

    @Test func serverErrorsAndMalformedBodies() async throws {
        try await Self.withOpenAI { simulator, model in
            simulator.enqueue(.error(status: 500, body: ["error": ["message": "The server had an error", "type": "server_error"]]),
                              .text("Со второй попытки.", signature: nil))
            let retried = try await model.respond(to: GeminiClientTests.request(["Привет"]))
            #expect(retried.text == "Со второй попытки.")
            simulator.enqueue(.raw(status: 200, body: "<html>502 Bad Gateway</html>"))
            let malformed = await #expect(throws: ModelError.self) { try await model.respond(to: GeminiClientTests.request(["Привет"])) }
            #expect(malformed?.kind == .malformedResponse)
            simulator.enqueue(.blocked(reason: "content_filter"))
            let blocked = await #expect(throws: ModelError.self) { try await model.respond(to: GeminiClientTests.request(["Привет"])) }
            #expect(blocked?.kind == .blocked)
        }
    }

    @Test func transcriptionsAreRecordedWithTenantAndPurpose() async throws {
        final class Sink: ModelUsageSink, @unchecked Sendable {
            var calls: [ModelCallRecord] = []
            let lock = NSLock()
            func record(_ call: ModelCallRecord) { lock.withLock { calls.append(call) } }
        }
        try await Self.withOpenAI { simulator, model in
            simulator.enqueue(.text("Алло", signature: nil))
            let sink = Sink()
            let transcript = try await MeteredTranscriber(model, sink: sink).transcribe(
                AudioClip(data: Data([1, 2, 3]), mimeType: "audio/ogg"), tenantID: "shop-1", contactID: 7)
            #expect(transcript.text == "Алло")
            let record = try #require(sink.lock.withLock { sink.calls.first })
            #expect(record.purpose == "transcription")
            #expect(record.tenantID == "shop-1")
            #expect(record.contactID == 7)
            #expect(record.provider == "openai")
        }
    }

    @Test func transcriptionUploadsMultipartWithAnAcceptedExtension() async throws {
        try await Self.withOpenAI { simulator, model in
            simulator.enqueue(.text("Сколько стоит доставка в Астану?", signature: nil))
            let audio = Data(repeating: 7, count: 1000)
            let transcript = try await model.transcribe(AudioClip(data: audio, mimeType: "audio/oga"))
            #expect(transcript.text == "Сколько стоит доставка в Астану?")
            let fields = try #require(simulator.requests.first?.body)
            #expect(fields["model"] == "whisper-1")
            #expect(fields["file"]?["filename"] == "voice.ogg")
            #expect(fields["file"]?["content_type"] == "audio/ogg")
            #expect(fields["file"]?["bytes"] == 1000)
        }
    }
}
