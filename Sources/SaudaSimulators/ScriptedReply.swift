import Foundation
import SaudaCore
import SaudaModels

/// One scripted answer of a simulated model server, written as JSON so that Swift tests and the Python SDK
/// check script it alike:
///
/// - `{"text": "…", "signature": "…"}`: a text answer (the signature is optional)
/// - `{"function_calls": [{"name": "…", "args": {…}, "id": "…"}], "signature": "…"}`: tool calls in one turn
///   (the signature goes on the first call only, as Gemini does)
/// - `{"json": {…}}`: a JSON answer (text holding the JSON)
/// - `{"error": {"status": 429, "body": {…}}}`: an HTTP error with that body
/// - `{"raw": {"status": 200, "body": "…"}}`: any body, malformed JSON included
/// - `{"empty": "STOP"}`: a candidate without parts and that finish reason (`MAX_TOKENS`,
///   `MALFORMED_FUNCTION_CALL`, `SAFETY`, …)
/// - `{"blocked": "PROHIBITED_CONTENT"}`: a blocked prompt (no candidates)
/// - `{"delay_ms": 500, "then": {…}}`: the inner answer after a pause
/// - `{"for_schema": "reply_intent", "then": {…}}`: the inner answer, kept for the next request whose structured-output
///   schema has that `title`; such requests take only answers kept for them (unscripted, they get the default text),
///   and other requests pass these answers by
public indirect enum ScriptedReply: Sendable, Hashable {
    /// A text answer.
    case text(String, signature: String?)
    /// Tool calls.
    case functionCalls([SimulatedCall], signature: String?)
    /// A JSON answer.
    case json(JSONValue)
    /// An HTTP error.
    case error(status: Int, body: JSONValue)
    /// Any body.
    case raw(status: Int, body: String)
    /// A candidate without parts.
    case empty(finishReason: String)
    /// A blocked prompt.
    case blocked(reason: String)
    /// An answer after a pause.
    case delayed(milliseconds: Int, ScriptedReply)
    /// An answer kept for requests whose structured-output schema has this title.
    case forSchema(String, ScriptedReply)

    /// A call inside ``functionCalls(_:signature:)``.
    public struct SimulatedCall: Sendable, Hashable {
        /// Tool name.
        public var name: String
        /// Arguments.
        public var args: JSONValue
        /// Provider call id (Gemini sends none by default).
        public var id: String?

        /// Creates a call.
        public init(name: String, args: JSONValue, id: String? = nil) {
            self.name = name
            self.args = args
            self.id = id
        }
    }

    /// Reads the JSON form.
    public init?(_ spec: JSONValue) {
        if let text = spec["text"]?.stringValue {
            self = .text(text, signature: spec["signature"]?.stringValue)
        } else if let calls = spec["function_calls"]?.arrayValue {
            self = .functionCalls(calls.map { call in
                SimulatedCall(name: call["name"]?.stringValue ?? "", args: call["args"] ?? [:], id: call["id"]?.stringValue)
            }, signature: spec["signature"]?.stringValue)
        } else if let json = spec["json"] {
            self = .json(json)
        } else if let error = spec["error"] {
            self = .error(status: Int(error["status"]?.numberValue ?? 500), body: error["body"] ?? [:])
        } else if let raw = spec["raw"] {
            self = .raw(status: Int(raw["status"]?.numberValue ?? 200), body: raw["body"]?.stringValue ?? "")
        } else if let reason = spec["empty"]?.stringValue {
            self = .empty(finishReason: reason)
        } else if let reason = spec["blocked"]?.stringValue {
            self = .blocked(reason: reason)
        } else if let delay = spec["delay_ms"]?.numberValue, let inner = spec["then"].flatMap(ScriptedReply.init) {
            self = .delayed(milliseconds: Int(delay), inner)
        } else if let title = spec["for_schema"]?.stringValue, let inner = spec["then"].flatMap(ScriptedReply.init) {
            self = .forSchema(title, inner)
        } else {
            return nil
        }
    }

    /// Takes the answer for a request out of `script`: the first one kept for its schema's title, or, for a request
    /// without a titled schema, the first one kept for no schema.
    static func next(from script: inout [ScriptedReply], schemaTitle: String?) -> ScriptedReply? {
        guard let index = script.firstIndex(where: { $0.keptForSchema == schemaTitle }) else { return nil }
        return script.remove(at: index).answer
    }

    /// The schema title the answer is kept for, also inside a pause (`{"delay_ms": …, "then": {"for_schema": …}}`).
    var keptForSchema: String? {
        switch self {
        case .forSchema(let title, _): title
        case .delayed(_, let inner): inner.keptForSchema
        default: nil
        }
    }

    /// The answer itself, without the schema it is kept for.
    var answer: ScriptedReply {
        switch self {
        case .forSchema(_, let inner): inner.answer
        case .delayed(let milliseconds, let inner): .delayed(milliseconds: milliseconds, inner.answer)
        default: self
        }
    }

    /// Reads a script posted to `/_simulator/script`: a JSON array of replies.
    /// - Returns: the replies, or why the script was refused.
    public static func script(from data: Data) -> Result<[ScriptedReply], ScriptError> {
        guard let specs = try? JSONValue.parse(data).arrayValue else {
            return .failure(ScriptError(message: "The script must be a JSON array of replies."))
        }
        var replies: [ScriptedReply] = []
        for spec in specs {
            guard let reply = ScriptedReply(spec) else { return .failure(ScriptError(message: "Unknown reply \(spec.jsonText).")) }
            replies.append(reply)
        }
        return .success(replies)
    }

    /// A script that could not be read.
    public struct ScriptError: Error, Sendable, Hashable {
        /// Why.
        public var message: String
    }

    /// A Gemini 429 for a per-minute limit, asking to wait `seconds`.
    public static func geminiRateLimited(seconds: Double) -> ScriptedReply {
        .error(status: 429, body: ["error": [
            "code": 429, "status": "RESOURCE_EXHAUSTED",
            "message": .string("You exceeded your current quota. Please retry in \(seconds)s."),
            "details": [
                ["@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [[
                    "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                    "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "quotaValue": "10"]]],
                ["@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": .string("\(seconds)s")],
            ],
        ]])
    }

    /// A Gemini 429 for a used-up per-day quota.
    public static let geminiDailyQuota: ScriptedReply = .error(status: 429, body: ["error": [
        "code": 429, "status": "RESOURCE_EXHAUSTED", "message": "You exceeded your current quota.",
        "details": [
            ["@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [[
                "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                "quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier", "quotaValue": "20"]]],
            ["@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "31s"],
        ],
    ]])

    /// A Gemini 500.
    public static let geminiInternal: ScriptedReply = .error(status: 500, body: ["error": [
        "code": 500, "status": "INTERNAL", "message": "An internal error has occurred."]])
}
