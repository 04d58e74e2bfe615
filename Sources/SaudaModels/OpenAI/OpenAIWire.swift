import Foundation
import NIOHTTP1
import SaudaCore

/// The Chat Completions and audio transcription wire format of OpenAI and the servers that copy it
/// (Ollama, llama.cpp `llama-server`, vLLM), as pure functions.
public enum OpenAIWire {
    /// The body of `POST {base}/chat/completions`.
    public static func requestBody(_ request: ModelRequest, model: String) -> JSONValue {
        var messages: [JSONValue] = []
        if !request.systemInstruction.isEmpty {
            messages.append(["role": "system", "content": .string(request.systemInstruction)])
        }
        for message in request.history where !message.text.isEmpty {
            messages.append(["role": message.author == .customer ? "user" : "assistant", "content": .string(message.text)])
        }
        if messages.last?["role"] != "user" {
            messages.append(["role": "user", "content": "(Напишите следующее сообщение клиенту.)"])
        }
        for exchange in request.exchanges {
            messages.append(exchange.providerTurn ?? builtAssistantTurn(exchange))
            for result in exchange.results {
                let content: JSONValue = result.isError ? ["error": result.content] : result.content
                messages.append(["role": "tool", "tool_call_id": .string(result.callID), "content": .string(content.jsonText)])
            }
        }
        var body: [String: JSONValue] = [
            "model": .string(model),
            "messages": .array(messages),
            "temperature": .number(request.temperature),
            "max_tokens": .number(Double(request.maxOutputTokens)),
        ]
        if !request.tools.isEmpty {
            body["tools"] = .array(request.tools.map { tool in
                ["type": "function", "function": ["name": .string(tool.name), "description": .string(tool.description),
                                                  "parameters": tool.parameters]]
            })
        }
        if case .json(let name, let schema) = request.responseFormat {
            body["response_format"] = ["type": "json_schema", "json_schema": ["name": .string(name), "schema": schema, "strict": false]]
        }
        return .object(body)
    }

    private static func builtAssistantTurn(_ exchange: ToolExchange) -> JSONValue {
        [
            "role": "assistant",
            "content": exchange.text.isEmpty ? .null : .string(exchange.text),
            "tool_calls": .array(exchange.calls.map { call in
                ["id": .string(call.id), "type": "function",
                 "function": ["name": .string(call.name), "arguments": .string(call.arguments.jsonText)]]
            }),
        ]
    }

    /// Reads a chat completion (HTTP 200).
    public static func response(_ body: JSONValue, model: String) throws(ModelError) -> ModelResponse {
        guard let choice = body["choices"]?.arrayValue?.first else {
            throw ModelError(.malformedResponse, "the answer has no choices")
        }
        let message = choice["message"] ?? [:]
        let finish = choice["finish_reason"]?.stringValue ?? "stop"
        if finish == "content_filter" { throw ModelError(.blocked, "the answer was blocked (content_filter)") }
        let text = message["content"]?.stringValue ?? ""
        var calls: [ToolCall] = []
        for (index, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
            let name = call["function"]?["name"]?.stringValue ?? ""
            let rawArguments = call["function"]?["arguments"]
            let arguments: JSONValue
            if let text = rawArguments?.stringValue {
                // Arguments are a JSON string; a server that sends broken JSON made a malformed call.
                arguments = text.trimmingCharacters(in: .whitespaces).isEmpty ? [:] : try JSONValue.parseResponse(text)
            } else {
                arguments = rawArguments ?? [:]
            }
            let id = call["id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "call_\(name)_\(index)"
            calls.append(ToolCall(id: id, name: name, arguments: arguments))
        }
        if calls.isEmpty && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ModelError(.malformedResponse, finish == "length" ? "the answer is empty: the output limit was used up" : "the answer is empty")
        }
        var turn = message.objectValue ?? [:]
        turn["role"] = "assistant"
        if !calls.isEmpty {
            // Replay the ids this client uses (made up when the server sent none).
            turn["tool_calls"] = .array(calls.map { call in
                ["id": .string(call.id), "type": "function",
                 "function": ["name": .string(call.name), "arguments": .string(call.arguments.jsonText)]]
            })
        }
        let usage = body["usage"]
        let tokens = TokenUsage(input: Int(usage?["prompt_tokens"]?.numberValue ?? 0), output: Int(usage?["completion_tokens"]?.numberValue ?? 0))
        let reason: FinishReason = !calls.isEmpty ? .toolCalls : (finish == "length" ? .length : .stop)
        return ModelResponse(text: text, toolCalls: calls, finishReason: reason, usage: tokens,
                             model: body["model"]?.stringValue ?? model, providerTurn: .object(turn))
    }

    /// Reads an error answer: `{"error":{"message","type","code"}}` or `{"error":"…"}`, with `retry-after-ms`
    /// and `Retry-After`.
    public static func error(status: Int, headers: HTTPHeaders, body: Data) -> ModelError {
        let parsed = try? JSONValue.parse(body)
        let error = parsed?["error"]
        let message = error?["message"]?.stringValue ?? error?.stringValue ?? String(decoding: body.prefix(300), as: UTF8.self)
        let code = error?["code"]?.stringValue ?? error?["type"]?.stringValue ?? ""
        var retryAfter: Duration?
        if let milliseconds = headers.first(name: "retry-after-ms").flatMap(Double.init) {
            retryAfter = .milliseconds(Int64(milliseconds.rounded(.up)))
        } else if let seconds = headers.first(name: "retry-after").flatMap(Double.init) {
            retryAfter = .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        let text = "OpenAI-compatible server \(status)\(code.isEmpty ? "" : " \(code)"): \(message.prefix(300))"
        switch status {
        case 429:
            if code == "insufficient_quota" { return ModelError(.quotaExhausted, text) }
            return ModelError(.rateLimited, text, retryAfter: retryAfter)
        case 402: return ModelError(.quotaExhausted, text)
        case 401, 403: return ModelError(.authentication, text)
        case 408, 409, 500, 502, 503, 504: return ModelError(.transient, text, retryAfter: retryAfter)
        default: return ModelError(status >= 500 ? .transient : .invalidRequest, text)
        }
    }

    /// A `multipart/form-data` body for `POST {base}/audio/transcriptions`.
    public static func transcriptionBody(_ clip: AudioClip, model: String, boundary: String) -> Data {
        var body = Data()
        func field(_ name: String, _ value: String) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        field("model", model)
        field("response_format", "json")
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(clip.fileName)\"\r\nContent-Type: \(clip.mimeType)\r\n\r\n".utf8))
        body.append(clip.data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return body
    }
}
