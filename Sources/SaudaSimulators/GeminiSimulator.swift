import Foundation
import Hummingbird
import Logging
import NIOCore
import SaudaCore
import SaudaModels
import Synchronization

/// A Gemini API server for tests and demos: `POST /v1beta/models/{model}:generateContent` speaks the wire
/// format of the real API (also under `/v1`), answers from a script (``ScriptedReply``), records every request, and refuses
/// what the real API refuses with the same 400s: a function-call turn replayed without its thought
/// signature, function responses that do not match the calls, a call turn out of place, a trailing model turn.
///
/// With an empty script it answers a short text, so a demo runs without scripting. Control endpoints:
/// `POST /_simulator/script` (a JSON array of replies), `GET /_simulator/requests`, `POST /_simulator/reset`.
public final class GeminiSimulator: Sendable {
    /// A request the simulator received.
    public struct RecordedRequest: Sendable {
        /// Model id from the path.
        public var model: String
        /// The `x-goog-api-key` header.
        public var apiKey: String?
        /// The body.
        public var body: JSONValue
    }

    struct State {
        var script: [ScriptedReply] = []
        var requests: [RecordedRequest] = []
        /// Signatures handed out with function-call turns, to check the replay.
        var signatures: Set<String> = []
    }

    let state = Mutex(State())
    /// The key requests must carry; `nil` accepts any non-empty key.
    public let apiKey: String?
    /// How long an unscripted answer takes, as a real model's does (zero: at once).
    public let answerDelay: Duration
    /// The project's rate limit: calls beyond it are answered 429 `RESOURCE_EXHAUSTED` with the wait in `RetryInfo`,
    /// as the real API answers; `nil`: no limit.
    public let rateLimit: SimulatedRateLimit?

    /// Creates a simulator whose unscripted answers come after `answerDelay`.
    public init(apiKey: String? = nil, answerDelay: Duration = .zero, rateLimit: SimulatedRateLimit? = nil) {
        self.apiKey = apiKey
        self.answerDelay = answerDelay
        self.rateLimit = rateLimit
    }

    /// Appends answers to the script.
    public func enqueue(_ replies: ScriptedReply...) {
        state.withLock { $0.script.append(contentsOf: replies) }
    }

    /// Requests received so far.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// Scripted answers not used yet.
    public var remainingScript: Int { state.withLock { $0.script.count } }

    /// Routes of the simulated API.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        // The real API serves both versions; SDKs differ in which one they call by default.
        for version in ["v1beta", "v1"] {
            router.post("/\(version)/models/:call") { request, context -> Response in
                let call = context.parameters.get("call") ?? ""
                guard call.hasSuffix(":generateContent") else {
                    return Self.errorResponse(404, "NOT_FOUND", "Method \(call) is not simulated.")
                }
                let model = String(call.dropLast(":generateContent".count))
                let key = request.headers.first { $0.name.canonicalName == "x-goog-api-key" }?.value ?? request.uri.queryParameters.get("key")
                let bytes = try await request.body.collect(upTo: 64 << 20)
                return await self.generate(model: model, key: key, body: Data(bytes.readableBytesView))
            }
        }
        router.post("/_simulator/script") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let replies: [ScriptedReply]
            switch ScriptedReply.script(from: Data(bytes.readableBytesView)) {
            case .success(let script): replies = script
            case .failure(let error): return Self.errorResponse(400, "INVALID_ARGUMENT", error.message)
            }
            self.state.withLock { $0.script.append(contentsOf: replies) }
            return Self.json(200, ["queued": .number(Double(replies.count))])
        }
        router.get("/_simulator/requests") { _, _ -> Response in
            let bodies = self.requests.map { request -> JSONValue in
                ["model": .string(request.model), "body": request.body]
            }
            return Self.json(200, .array(bodies))
        }
        router.post("/_simulator/reset") { _, _ -> Response in
            self.state.withLock { $0 = State() }
            return Self.json(200, ["reset": true])
        }
        return router
    }

    func generate(model: String, key: String?, body: Data) async -> Response {
        let parsed = try? JSONValue.parse(body)
        state.withLock { $0.requests.append(RecordedRequest(model: model, apiKey: key, body: parsed ?? .null)) }
        guard let key, !key.isEmpty, apiKey == nil || key == apiKey else {
            return Self.errorResponse(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers. Please use API Key.")
        }
        guard let request = parsed, request.objectValue != nil else {
            return Self.errorResponse(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        }
        if let wait = rateLimit?.take() { return Self.rateLimited(model: model, wait: wait, limit: rateLimit?.requests ?? 0) }
        let (reply, signatures) = state.withLock { state -> (ScriptedReply?, Set<String>) in
            (ScriptedReply.next(from: &state.script, schemaTitle: Self.schemaTitle(of: request)), state.signatures)
        }
        if let problem = Self.validate(request, signatures: signatures) {
            return Self.errorResponse(400, "INVALID_ARGUMENT", problem)
        }
        if let reply { return await answer(reply, model: model, request: request) }
        if answerDelay > .zero { try? await Task.sleep(for: answerDelay) }
        return await answer(.text("Здравствуйте! Это ответ симулятора Gemini.", signature: nil), model: model, request: request)
    }

    private func answer(_ reply: ScriptedReply, model: String, request: JSONValue) async -> Response {
        let promptTokens = max(1, request.jsonText.unicodeScalars.count / 4)
        func candidate(_ parts: [JSONValue], finish: String, outputTokens: Int) -> Response {
            Self.json(200, [
                "candidates": [["content": ["role": "model", "parts": .array(parts)], "finishReason": .string(finish),
                                "safetyRatings": []]],
                "usageMetadata": ["promptTokenCount": .number(Double(promptTokens)),
                                  "candidatesTokenCount": .number(Double(outputTokens)),
                                  "totalTokenCount": .number(Double(promptTokens + outputTokens))],
                "modelVersion": .string(model),
                "responseId": .string(UUID().uuidString),
            ])
        }
        switch reply {
        case .text(let text, let signature):
            var part: [String: JSONValue] = ["text": .string(text)]
            if let signature { part["thoughtSignature"] = .string(signature) }
            return candidate([.object(part)], finish: "STOP", outputTokens: max(1, text.count / 4))
        case .functionCalls(let calls, let signature):
            if let signature { state.withLock { _ = $0.signatures.insert(signature) } }
            let parts: [JSONValue] = calls.enumerated().map { index, call in
                var functionCall: [String: JSONValue] = ["name": .string(call.name), "args": call.args]
                if let id = call.id { functionCall["id"] = .string(id) }
                var part: [String: JSONValue] = ["functionCall": .object(functionCall)]
                if index == 0, let signature { part["thoughtSignature"] = .string(signature) }
                return .object(part)
            }
            return candidate(parts, finish: "STOP", outputTokens: 10 * calls.count)
        case .json(let value):
            let text = value.jsonText
            return candidate([["text": .string(text)]], finish: "STOP", outputTokens: max(1, text.count / 4))
        case .error(let status, let body):
            return Self.json(status, body)
        case .raw(let status, let body):
            return Response(status: .init(code: status), headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        case .empty(let finishReason):
            var candidate: [String: JSONValue] = ["content": [:], "finishReason": .string(finishReason)]
            if finishReason == "MALFORMED_FUNCTION_CALL" {
                candidate["finishMessage"] = "Malformed function call: print(default_api.book_call(time=\"завтра\"))"
            }
            return Self.json(200, ["candidates": [.object(candidate)],
                                   "usageMetadata": ["promptTokenCount": .number(Double(promptTokens))],
                                   "modelVersion": .string(model)])
        case .blocked(let reason):
            return Self.json(200, ["promptFeedback": ["blockReason": .string(reason)],
                                   "usageMetadata": ["promptTokenCount": .number(Double(promptTokens))],
                                   "modelVersion": .string(model)])
        case .delayed(let milliseconds, let inner):
            try? await Task.sleep(for: .milliseconds(milliseconds))
            return await answer(inner, model: model, request: request)
        case .forSchema(_, let inner):
            return await answer(inner, model: model, request: request)
        }
    }

    /// The `title` of the request's structured-output schema, if it has one.
    static func schemaTitle(of request: JSONValue) -> String? {
        let generation = request["generationConfig"]
        return (generation?["responseJsonSchema"] ?? generation?["responseSchema"])?["title"]?.stringValue
    }

    /// The checks of the real API on the conversation, with its error texts.
    static func validate(_ request: JSONValue, signatures: Set<String>) -> String? {
        guard let contents = request["contents"]?.arrayValue, !contents.isEmpty else {
            return "* GenerateContentRequest.contents: contents is not specified"
        }
        var previousRole = ""
        var previousWasFunctionResponse = false
        var pendingCalls = 0
        for (index, content) in contents.enumerated() {
            let role = content["role"]?.stringValue ?? "user"
            let parts = content["parts"]?.arrayValue ?? []
            let calls = parts.filter { $0["functionCall"] != nil }
            let responses = parts.filter { $0["functionResponse"] != nil }
            if pendingCalls > 0 {
                guard role == "user", responses.count == pendingCalls else {
                    return "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn."
                }
                pendingCalls = 0
            }
            if role == "model", !calls.isEmpty {
                guard previousRole == "user" || previousWasFunctionResponse else {
                    return "Please ensure that function call turn comes immediately after a user turn or after a function response turn."
                }
                if let first = calls.first, !signatures.isEmpty {
                    guard let signature = first["thoughtSignature"]?.stringValue, signatures.contains(signature) else {
                        return "Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call `default_api:\(first["functionCall"]?["name"]?.stringValue ?? "")` , position \(index + 1)."
                    }
                }
                pendingCalls = calls.count
            }
            previousRole = role
            previousWasFunctionResponse = !responses.isEmpty
        }
        if pendingCalls > 0 {
            return "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn."
        }
        if previousRole == "model" { return "The last content must have the user role (model prefill is not supported by this model)." }
        return nil
    }

    static func json(_ status: Int, _ body: JSONValue) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json; charset=UTF-8"],
                 body: .init(byteBuffer: ByteBuffer(string: body.jsonText)))
    }

    /// The real API's 429 for a per-minute quota: the wait in `RetryInfo.retryDelay` (seconds with a fraction, as
    /// `"23.47s"`), the quota in `QuotaFailure`.
    static func rateLimited(model: String, wait: Duration, limit: Int) -> Response {
        let seconds = String(format: "%.3fs", wait.timeInterval)
        return json(429, ["error": [
            "code": 429, "status": "RESOURCE_EXHAUSTED",
            "message": .string("You exceeded your current quota, please check your plan and billing details. Please retry in \(seconds)."),
            "details": [
                ["@type": "type.googleapis.com/google.rpc.QuotaFailure",
                 "violations": [["quotaMetric": "generativelanguage.googleapis.com/generate_content_paid_tier_requests",
                                 "quotaId": "GenerateRequestsPerMinutePerProjectPerModel",
                                 "quotaDimensions": ["model": .string(model), "location": "global"],
                                 "quotaValue": .string("\(limit)")]]],
                ["@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": .string(seconds)],
            ],
        ]])
    }

    static func errorResponse(_ status: Int, _ name: String, _ message: String) -> Response {
        json(status, ["error": ["code": .number(Double(status)), "message": .string(message), "status": .string(name)]])
    }
}
