import Foundation
import SaudaCore

/// A tool as the model sees it: name, description and the JSON Schema of its arguments.
public struct ToolDeclaration: Sendable, Hashable {
    /// Name (letters, digits, `_`; at most 64 characters, which every provider accepts).
    public var name: String
    /// What the tool does and when to use it.
    public var description: String
    /// JSON Schema of the arguments object.
    public var parameters: JSONValue

    /// Creates a declaration.
    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// One call of a tool requested by the model.
public struct ToolCall: Sendable, Hashable, Codable {
    /// The provider's call id, or one made up when the provider sent none (`name#index`).
    public var id: String
    /// Tool name.
    public var name: String
    /// Arguments object.
    public var arguments: JSONValue
    /// Whether `id` came from the provider (Gemini echoes only ids it sent).
    public var providerID: Bool

    /// Creates a call.
    public init(id: String, name: String, arguments: JSONValue, providerID: Bool = true) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.providerID = providerID
    }
}

/// The result of one tool call, returned to the model.
public struct ToolResult: Sendable, Hashable, Codable {
    /// The call this answers.
    public var callID: String
    /// Tool name.
    public var name: String
    /// The output object, or `{"error": …}` when the call failed.
    public var content: JSONValue
    /// Whether the call failed (bad arguments, unknown tool, handler error).
    public var isError: Bool

    /// Creates a result.
    public init(callID: String, name: String, content: JSONValue, isError: Bool) {
        self.callID = callID
        self.name = name
        self.content = content
        self.isError = isError
    }
}

/// One round of a tool-calling turn: what the model asked for and what the tools answered.
public struct ToolExchange: Sendable, Hashable {
    /// The calls, in the model's order.
    public var calls: [ToolCall]
    /// One result per call, in the same order.
    public var results: [ToolResult]
    /// The provider's record of the model turn, replayed unchanged (see ``ModelResponse/providerTurn``).
    public var providerTurn: JSONValue?
    /// Text the model wrote beside its calls.
    public var text: String

    /// Creates an exchange.
    public init(calls: [ToolCall], results: [ToolResult], providerTurn: JSONValue?, text: String = "") {
        self.calls = calls
        self.results = results
        self.providerTurn = providerTurn
        self.text = text
    }
}
