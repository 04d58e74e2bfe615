import Foundation

/// One tool call the agent made in a conversation, with its result (a sales tool such as `search_knowledge` or
/// `book_call`, stored per turn).
public struct ToolCallRecord: Sendable, Hashable {
    /// The model's id of the call.
    public var callID: String
    /// The tool's name.
    public var name: String
    /// The arguments, JSON.
    public var arguments: String
    /// The result the model got, JSON.
    public var result: String
    /// Whether the result was an error.
    public var isError: Bool
    /// When the turn that made it committed.
    public var createdAt: Date

    /// Creates a record.
    public init(callID: String, name: String, arguments: String, result: String, isError: Bool, createdAt: Date) {
        self.callID = callID
        self.name = name
        self.arguments = arguments
        self.result = result
        self.isError = isError
        self.createdAt = createdAt
    }
}
