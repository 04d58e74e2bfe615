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
    /// Where the conversation stands in the order funnel after the reply, when the agent leads one (stored with the turn).
    public var funnelState: FunnelState?
    /// Operator alerts the agent raises itself (a funnel's «оператор» command, say); the engine adds them to the
    /// decision, and ``AlertDetector`` adds no second one of the same reason.
    public var alerts: [OperatorAlert]

    /// Creates a reply.
    public init(text: String? = nil, classification: Classification? = nil, toolExchanges: [ToolExchange] = [],
                funnelState: FunnelState? = nil, alerts: [OperatorAlert] = []) {
        self.text = text
        self.classification = classification
        self.toolExchanges = toolExchanges
        self.funnelState = funnelState
        self.alerts = alerts
    }
}
