import Foundation
import Hummingbird
import Logging
import NIOCore
import SaudaCore
import SaudaModels
import Synchronization

/// An OpenAI-compatible server for tests and demos: `POST /v1/chat/completions` and
/// `POST /v1/audio/transcriptions` in OpenAI's wire format, answering from a script (``ScriptedReply``),
/// recording every request, and refusing what OpenAI refuses with a 400: tool messages that do not answer
/// the previous assistant turn's `tool_calls` ids. Control endpoints as ``GeminiSimulator``.
public final class OpenAISimulator: Sendable {
    /// A request the simulator received.
    public struct RecordedRequest: Sendable {
        /// Path after `/v1/`.
        public var path: String
        /// The `Authorization` header.
        public var authorization: String?
        /// The body: JSON for chat, the multipart fields (file as its byte count) for transcription.
        public var body: JSONValue
    }

    struct State {
        var script: [ScriptedReply] = []
        var requests: [RecordedRequest] = []
    }

    let state = Mutex(State())
    /// The key requests must carry as `Bearer`; `nil` accepts requests without a key, as local servers do.
    public let apiKey: String?

    /// Creates a simulator.
    public init(apiKey: String? = nil) {
        self.apiKey = apiKey
    }

    /// Appends answers to the script.
    public func enqueue(_ replies: ScriptedReply...) {
        state.withLock { $0.script.append(contentsOf: replies) }
    }

    /// Requests received so far.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// Routes of the simulated API.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 64 << 20)
            let parsed = try? JSONValue.parse(Data(bytes.readableBytesView))
            return await self.handle(path: "chat/completions", authorization: request.headers[.authorization], body: parsed ?? .null)
        }
        router.post("/v1/audio/transcriptions") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 64 << 20)
            let fields = Self.multipartFields(Data(bytes.readableBytesView), contentType: request.headers[.contentType] ?? "")
            return await self.handle(path: "audio/transcriptions", authorization: request.headers[.authorization], body: fields)
        }
        router.post("/_simulator/script") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let replies: [ScriptedReply]
            switch ScriptedReply.script(from: Data(bytes.readableBytesView)) {
            case .success(let script): replies = script
            case .failure(let error): return Self.error(400, error.message, type: "invalid_request_error", code: nil)
            }
            self.state.withLock { $0.script.append(contentsOf: replies) }
            return Self.json(200, ["queued": .number(Double(replies.count))])
        }
        router.get("/_simulator/requests") { _, _ -> Response in
            Self.json(200, .array(self.requests.map { ["path": .string($0.path), "body": $0.body] }))
        }
        router.post("/_simulator/reset") { _, _ -> Response in
            self.state.withLock { $0 = State() }
            return Self.json(200, ["reset": true])
        }
        return router
    }

    func handle(path: String, authorization: String?, body: JSONValue) async -> Response {
        let reply = state.withLock { state -> ScriptedReply? in
            state.requests.append(RecordedRequest(path: path, authorization: authorization, body: body))
            let schemaTitle = body["response_format"]?["json_schema"]?["schema"]?["title"]?.stringValue
            return ScriptedReply.next(from: &state.script, schemaTitle: schemaTitle)
        }
        if let apiKey, authorization != "Bearer \(apiKey)" {
            return Self.error(401, "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key")
        }
        if path == "chat/completions" {
            guard body["messages"]?.arrayValue != nil else {
                return Self.error(400, "'messages' is a required property", type: "invalid_request_error", code: nil)
            }
            if let problem = Self.validate(body) { return Self.error(400, problem, type: "invalid_request_error", code: nil) }
        }
        return await answer(reply ?? .text("Здравствуйте! Это ответ симулятора OpenAI.", signature: nil), path: path, request: body)
    }

    private func answer(_ reply: ScriptedReply, path: String, request: JSONValue) async -> Response {
        let model = request["model"]?.stringValue ?? "gpt-4o-mini"
        let promptTokens = max(1, request.jsonText.unicodeScalars.count / 4)
        func completion(_ message: JSONValue, finish: String, outputTokens: Int) -> Response {
            Self.json(200, [
                "id": .string("chatcmpl-\(UUID().uuidString.prefix(12))"), "object": "chat.completion",
                "created": .number(Double(Int(Date().timeIntervalSince1970))), "model": .string(model),
                "choices": [["index": 0, "message": message, "logprobs": .null, "finish_reason": .string(finish)]],
                "usage": ["prompt_tokens": .number(Double(promptTokens)), "completion_tokens": .number(Double(outputTokens)),
                          "total_tokens": .number(Double(promptTokens + outputTokens))],
            ])
        }
        switch reply {
        case .text(let text, _):
            if path == "audio/transcriptions" {
                return Self.json(200, ["text": .string(text), "usage": ["type": "duration", "seconds": 3]])
            }
            return completion(["role": "assistant", "content": .string(text), "refusal": .null], finish: "stop",
                              outputTokens: max(1, text.count / 4))
        case .functionCalls(let calls, _):
            let toolCalls: [JSONValue] = calls.enumerated().map { index, call in
                ["id": .string(call.id ?? "call_\(UUID().uuidString.prefix(8))_\(index)"), "type": "function",
                 "function": ["name": .string(call.name), "arguments": .string(call.args.jsonText)]]
            }
            return completion(["role": "assistant", "content": .null, "tool_calls": .array(toolCalls)], finish: "tool_calls",
                              outputTokens: 10 * calls.count)
        case .json(let value):
            let text = value.jsonText
            return completion(["role": "assistant", "content": .string(text)], finish: "stop", outputTokens: max(1, text.count / 4))
        case .error(let status, let body):
            return Self.json(status, body)
        case .raw(let status, let body):
            return Response(status: .init(code: status), headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        case .empty(let finishReason):
            return completion(["role": "assistant", "content": ""], finish: finishReason == "MAX_TOKENS" ? "length" : "stop", outputTokens: 0)
        case .blocked:
            return completion(["role": "assistant", "content": .null], finish: "content_filter", outputTokens: 0)
        case .delayed(let milliseconds, let inner):
            try? await Task.sleep(for: .milliseconds(milliseconds))
            return await answer(inner, path: path, request: request)
        case .forSchema(_, let inner):
            return await answer(inner, path: path, request: request)
        }
    }

    /// OpenAI's check that every tool call of an assistant turn is answered by a tool message right after it.
    static func validate(_ body: JSONValue) -> String? {
        let messages = body["messages"]?.arrayValue ?? []
        var index = 0
        while index < messages.count {
            let message = messages[index]
            if message["role"] == "tool" {
                return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'."
            }
            if message["role"] == "assistant", let calls = message["tool_calls"]?.arrayValue, !calls.isEmpty {
                var ids = Set(calls.compactMap { $0["id"]?.stringValue })
                index += 1
                while index < messages.count, messages[index]["role"] == "tool" {
                    ids.remove(messages[index]["tool_call_id"]?.stringValue ?? "")
                    index += 1
                }
                if !ids.isEmpty {
                    return "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: \(ids.sorted().joined(separator: ", "))"
                }
                continue
            }
            index += 1
        }
        return nil
    }

    /// The text fields of a multipart body, and the file as `{"filename","content_type","bytes"}`.
    static func multipartFields(_ body: Data, contentType: String) -> JSONValue {
        guard let boundary = contentType.components(separatedBy: "boundary=").last, contentType.contains("boundary=") else { return .null }
        let delimiter = Data("--\(boundary)".utf8)
        var fields: [String: JSONValue] = [:]
        var parts: [Data] = []
        var rest = body[...]
        while let range = rest.firstRange(of: delimiter) {
            parts.append(Data(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        for part in parts {
            guard let split = part.firstRange(of: Data("\r\n\r\n".utf8)) else { continue }
            let head = String(decoding: part[..<split.lowerBound], as: UTF8.self)
            var content = Data(part[split.upperBound...])
            if content.suffix(2) == Data("\r\n".utf8) { content.removeLast(2) }
            guard let name = head.firstMatch(of: /name="([^"]*)"/)?.1 else { continue }
            if let filename = head.firstMatch(of: /filename="([^"]*)"/)?.1 {
                let type = head.firstMatch(of: /Content-Type: ([^\r\n]*)/)?.1
                fields[String(name)] = ["filename": .string(String(filename)), "content_type": type.map { .string(String($0)) } ?? .null,
                                        "bytes": .number(Double(content.count))]
            } else {
                fields[String(name)] = .string(String(decoding: content, as: UTF8.self))
            }
        }
        return .object(fields)
    }

    static func json(_ status: Int, _ body: JSONValue) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(string: body.jsonText)))
    }

    static func error(_ status: Int, _ message: String, type: String, code: String?) -> Response {
        json(status, ["error": ["message": .string(message), "type": .string(type), "param": .null,
                                "code": code.map(JSONValue.string) ?? .null]])
    }
}
