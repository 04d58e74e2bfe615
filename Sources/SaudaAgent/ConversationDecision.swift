import SaudaCore
import SaudaModels

/// What the ``ConversationEngine`` decided for a turn; the caller stores it (the queue's turn commits it with the
/// acknowledgement, a phone call speaks it).
public struct ConversationDecision: Sendable {
    /// The new verdict about the contact, if it was classified in this turn.
    public var classification: Classification?
    /// The contact's status after the turn.
    public var status: ContactStatus
    /// Whether the bot was paused in this chat (an operator took it over): no reply then.
    public var isBotPaused: Bool
    /// The reply to send, trimmed; `nil` or empty for none.
    public var replyText: String?
    /// Rounds of tool calls made for the reply, oldest first.
    public var toolExchanges: [ToolExchange]
    /// The order funnel's new state, stored with the turn; `nil` when the turn did not touch it.
    public var funnelState: FunnelState?
    /// What in the turn needs a person of the business ("needs a human"), stored with the turn; see ``AlertDetector``.
    public var alerts: [OperatorAlert]

    /// Creates a decision.
    public init(classification: Classification? = nil, status: ContactStatus, isBotPaused: Bool, replyText: String? = nil,
                toolExchanges: [ToolExchange] = [], alerts: [OperatorAlert] = []) {
        self.classification = classification
        self.status = status
        self.isBotPaused = isBotPaused
        self.replyText = replyText
        self.toolExchanges = toolExchanges
        self.alerts = alerts
    }

    /// The tool calls as the usage log stores them, one per call.
    public var toolCalls: [(callID: String, name: String, arguments: String, result: String, isError: Bool)] {
        toolExchanges.flatMap { exchange in
            zip(exchange.calls, exchange.results).map { call, result in
                (callID: call.id, name: call.name, arguments: call.arguments.jsonText, result: result.content.jsonText,
                 isError: result.isError)
            }
        }
    }
}
