import Foundation
import SaudaCore

/// The `generateContent` wire format of the Gemini API: request bodies built from ``ModelRequest``s and
/// answers read into ``ModelResponse``s, as pure functions.
///
/// Every response field is read as optional (proto3 JSON leaves out empty values); the model's `content` is
/// kept whole as ``ModelResponse/providerTurn`` and replayed unchanged, so thought signatures survive.
public enum GeminiWire {
    /// The body of `POST /models/{model}:generateContent`.
    public static func requestBody(_ request: ModelRequest) -> JSONValue {
        var contents = conversationContents(request.history)
        for exchange in request.exchanges {
            contents.append(exchange.providerTurn.map(modelTurn) ?? builtModelTurn(exchange))
            let responses: [JSONValue] = exchange.results.enumerated().map { index, result in
                var response: [String: JSONValue] = [
                    "name": .string(result.name),
                    "response": result.isError ? ["error": result.content] : ["output": result.content],
                ]
                if index < exchange.calls.count, exchange.calls[index].providerID {
                    response["id"] = .string(exchange.calls[index].id)
                }
                return ["functionResponse": .object(response)]
            }
            contents.append(["role": "user", "parts": .array(responses)])
        }
        var generation: [String: JSONValue] = [
            "temperature": .number(request.temperature),
            "maxOutputTokens": .number(Double(request.maxOutputTokens)),
        ]
        // Tools and a JSON response type together are refused by 2.5 models: JSON only without tools.
        if case .json(_, let schema) = request.responseFormat, request.tools.isEmpty {
            generation["responseMimeType"] = "application/json"
            generation["responseJsonSchema"] = schema
        }
        var body: [String: JSONValue] = [
            "contents": .array(contents),
            "generationConfig": .object(generation),
        ]
        if !request.systemInstruction.isEmpty {
            body["systemInstruction"] = ["parts": [["text": .string(request.systemInstruction)]]]
        }
        if !request.tools.isEmpty {
            body["tools"] = [["functionDeclarations": .array(request.tools.map { tool in
                ["name": .string(tool.name), "description": .string(tool.description), "parametersJsonSchema": tool.parameters]
            })]]
            body["toolConfig"] = ["functionCallingConfig": ["mode": "AUTO"]]
        }
        return .object(body)
    }

    /// The body of a transcription call: the instruction and the audio inline.
    public static func transcriptionBody(_ clip: AudioClip, instruction: String) -> JSONValue {
        [
            "contents": [["role": "user", "parts": [
                ["text": .string(instruction)],
                ["inlineData": ["mimeType": .string(clip.mimeType), "data": .string(clip.data.base64EncodedString())]],
            ]]],
            "generationConfig": ["temperature": 0],
        ]
    }

    /// Chat turns from the history: the customer is `user`, the bot and the business's people are `model`;
    /// turns of one side are joined, and the list starts and ends with a `user` turn (Gemini refuses a call
    /// turn after a model turn and newer models refuse a trailing model turn).
    static func conversationContents(_ history: [ConversationMessage]) -> [JSONValue] {
        var turns: [(role: String, texts: [String])] = []
        for message in history where !message.text.isEmpty {
            let role = message.author == .customer ? "user" : "model"
            if turns.last?.role == role { turns[turns.count - 1].texts.append(message.text) } else { turns.append((role, [message.text])) }
        }
        while turns.first?.role == "model" { turns.removeFirst() }
        if turns.isEmpty || turns.last?.role == "model" { turns.append(("user", ["(Напишите следующее сообщение клиенту.)"])) }
        return turns.map { turn in
            ["role": .string(turn.role), "parts": [["text": .string(turn.texts.joined(separator: "\n"))]]]
        }
    }

    private static func modelTurn(_ content: JSONValue) -> JSONValue {
        guard var object = content.objectValue else { return content }
        object["role"] = "model"
        return .object(object)
    }

    private static func builtModelTurn(_ exchange: ToolExchange) -> JSONValue {
        var parts: [JSONValue] = []
        if !exchange.text.isEmpty { parts.append(["text": .string(exchange.text)]) }
        for call in exchange.calls {
            var functionCall: [String: JSONValue] = ["name": .string(call.name), "args": call.arguments]
            if call.providerID { functionCall["id"] = .string(call.id) }
            parts.append(["functionCall": .object(functionCall)])
        }
        return ["role": "model", "parts": .array(parts)]
    }

    /// Reads a `generateContent` answer (HTTP 200).
    /// - Throws: ``ModelError`` `blocked` for a blocked prompt or answer, `malformedResponse` for an empty
    ///   answer or a malformed function call (worth one more attempt).
    public static func response(_ body: JSONValue, model: String) throws(ModelError) -> ModelResponse {
        let candidates = body["candidates"]?.arrayValue ?? []
        guard let candidate = candidates.first else {
            if let reason = body["promptFeedback"]?["blockReason"]?.stringValue {
                throw ModelError(.blocked, "the prompt was blocked (\(reason))")
            }
            throw ModelError(.malformedResponse, "the answer has no candidates")
        }
        let finish = candidate["finishReason"]?.stringValue ?? "STOP"
        switch finish {
        case "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS":
            let detail = candidate["finishMessage"]?.stringValue.map { ": \($0.prefix(200))" } ?? ""
            throw ModelError(.malformedResponse, "the model's function call was malformed (\(finish))\(detail)")
        case "SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_SAFETY":
            throw ModelError(.blocked, "the answer was blocked (\(finish))")
        default:
            break
        }
        let content = candidate["content"] ?? .object([:])
        let parts = content["parts"]?.arrayValue ?? []
        var text = ""
        var calls: [ToolCall] = []
        for part in parts {
            if let call = part["functionCall"] {
                let name = call["name"]?.stringValue ?? ""
                let id = call["id"]?.stringValue
                calls.append(ToolCall(id: id ?? "\(name)#\(calls.count)", name: name,
                                      arguments: call["args"] ?? .object([:]), providerID: id != nil))
            } else if let piece = part["text"]?.stringValue, part["thought"]?.boolValue != true {
                text += piece
            }
        }
        let usage = body["usageMetadata"]
        func count(_ key: String) -> Int { Int(usage?[key]?.numberValue ?? 0) }
        let tokens = TokenUsage(input: count("promptTokenCount") + count("toolUsePromptTokenCount"),
                                output: count("candidatesTokenCount") + count("thoughtsTokenCount"))
        if calls.isEmpty && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let reason = finish == "MAX_TOKENS"
                ? "the answer is empty: the output limit was used up (thinking counts against it)" : "the answer is empty (\(finish))"
            throw ModelError(.malformedResponse, reason)
        }
        let reason: FinishReason = !calls.isEmpty ? .toolCalls : (finish == "MAX_TOKENS" ? .length : .stop)
        return ModelResponse(text: text, toolCalls: calls, finishReason: reason, usage: tokens,
                             model: body["modelVersion"]?.stringValue ?? model, providerTurn: content)
    }

    /// Reads an error answer: the `{"error":{…}}` object (or a one-element array of it), with the retry
    /// delay of `RetryInfo` and per-day quotas of `QuotaFailure`.
    public static func error(status: Int, body: Data) -> ModelError {
        let parsed = try? JSONValue.parse(body)
        let error = parsed?["error"] ?? parsed?.arrayValue?.first?["error"]
        let statusName = error?["status"]?.stringValue ?? ""
        let message = error?["message"]?.stringValue ?? String(decoding: body.prefix(300), as: UTF8.self)
        let details = error?["details"]?.arrayValue ?? []
        var retryAfter: Duration?
        var perDayQuota: String?
        for detail in details {
            let type = detail["@type"]?.stringValue ?? ""
            if type.hasSuffix("google.rpc.RetryInfo"), let delay = detail["retryDelay"]?.stringValue {
                retryAfter = protobufDuration(delay)
            }
            if type.hasSuffix("google.rpc.QuotaFailure") {
                for violation in detail["violations"]?.arrayValue ?? [] {
                    if let quota = violation["quotaId"]?.stringValue, quota.contains("PerDay") { perDayQuota = quota }
                }
            }
        }
        if retryAfter == nil, let range = message.range(of: "retry in ") {
            retryAfter = protobufDuration(String(message[range.upperBound...].prefix(while: { $0.isNumber || $0 == "." })) + "s")
        }
        let text = "Gemini \(status) \(statusName): \(message.prefix(300))"
        switch status {
        case 429:
            if let perDayQuota { return ModelError(.quotaExhausted, "\(text) (daily quota \(perDayQuota): no retry until it resets)") }
            return ModelError(.rateLimited, text, retryAfter: retryAfter)
        case 402: return ModelError(.quotaExhausted, text)
        case 401, 403: return ModelError(.authentication, text)
        case 408, 500, 502, 503, 504: return ModelError(.transient, text, retryAfter: retryAfter)
        case 400 where statusName == "FAILED_PRECONDITION": return ModelError(.quotaExhausted, text)
        default: return ModelError(status >= 500 ? .transient : .invalidRequest, text)
        }
    }

    /// `"23.47s"` → 23.47 seconds.
    static func protobufDuration(_ text: String) -> Duration? {
        guard text.hasSuffix("s"), let seconds = Double(text.dropLast()), seconds >= 0, seconds < 86_400 else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }
}
