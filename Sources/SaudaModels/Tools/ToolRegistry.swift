import Foundation
import SaudaCore

/// Who a tool call works for: handlers act only on this tenant's data.
public struct ToolContext: Sendable, Hashable {
    /// The tenant.
    public var tenantID: String
    /// The contact's row id, when known.
    public var contactID: Int64?
    /// The chat.
    public var chatID: String?
    /// The channel's raw value (`whatsapp`, `telegram`, `webchat`).
    public var channel: String?
    /// The moment of the turn.
    public var now: Date

    /// Creates a context.
    public init(tenantID: String, contactID: Int64?, chatID: String?, channel: String? = nil, now: Date) {
        self.tenantID = tenantID
        self.contactID = contactID
        self.chatID = chatID
        self.channel = channel
        self.now = now
    }
}

/// A failure a tool reports to the model (as the call's result, not thrown through the turn).
public struct ToolError: Error, Sendable, Hashable {
    /// Readable reason for the model.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }
}

/// A tool: its declaration and the handler that runs it.
public struct Tool: Sendable {
    /// What the model sees.
    public var declaration: ToolDeclaration
    /// Runs a call with validated arguments and returns the result object.
    public var handler: @Sendable (JSONValue, ToolContext) async throws(ToolError) -> JSONValue

    /// Creates a tool.
    public init(name: String, description: String, parameters: JSONValue,
                handler: @escaping @Sendable (JSONValue, ToolContext) async throws(ToolError) -> JSONValue) {
        self.declaration = ToolDeclaration(name: name, description: description, parameters: parameters)
        self.handler = handler
    }
}

/// The tools an agent may use. Arguments are validated against each tool's schema before its handler runs;
/// an unknown tool, invalid arguments or a handler failure become an error result the model can read.
public struct ToolRegistry: Sendable {
    private let tools: [String: Tool]
    /// Declarations in registration order.
    public let declarations: [ToolDeclaration]

    /// Creates a registry; a later tool with a name already taken replaces the earlier one.
    public init(_ tools: [Tool]) {
        var byName: [String: Tool] = [:]
        var order: [String] = []
        for tool in tools {
            if byName[tool.declaration.name] == nil { order.append(tool.declaration.name) }
            byName[tool.declaration.name] = tool
        }
        self.tools = byName
        self.declarations = order.compactMap { byName[$0]?.declaration }
    }

    /// Runs one call.
    public func run(_ call: ToolCall, context: ToolContext) async -> ToolResult {
        guard let tool = tools[call.name] else {
            return ToolResult(callID: call.id, name: call.name,
                              content: .string("unknown tool \(call.name); available: \(declarations.map(\.name).joined(separator: ", "))"),
                              isError: true)
        }
        let problems = JSONSchemaValidator.problems(of: call.arguments, against: tool.declaration.parameters)
        guard problems.isEmpty else {
            return ToolResult(callID: call.id, name: call.name,
                              content: .string("invalid arguments: " + problems.joined(separator: "; ")), isError: true)
        }
        do {
            return ToolResult(callID: call.id, name: call.name, content: try await tool.handler(call.arguments, context), isError: false)
        } catch {
            return ToolResult(callID: call.id, name: call.name, content: .string(error.message), isError: true)
        }
    }
}
