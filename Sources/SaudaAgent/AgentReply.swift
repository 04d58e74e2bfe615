import SaudaCore
import SaudaModels

/// What a ``ConversationAgent`` decided for a turn.
public struct AgentReply: Sendable {
    /// The text to send to the customer; `nil` for none.
    public var text: String?
    /// A new verdict about the contact (the moderator's classification), if the agent made one.
    public var classification: Classification?
    /// Rounds of tool calls made for the reply, oldest first.
    public var toolExchanges: [ToolExchange]

    /// Creates a reply.
    public init(text: String? = nil, classification: Classification? = nil, toolExchanges: [ToolExchange] = []) {
        self.text = text
        self.classification = classification
        self.toolExchanges = toolExchanges
    }
}
