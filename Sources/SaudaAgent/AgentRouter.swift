/// Picks the agents of a turn. A turn has two steps: the contact may be classified first, then the turn may be
/// answered; the ``ConversationEngine`` asks for the responder after the classification, with the new status.
public protocol AgentRouter: Sendable {
    /// The agent that classifies the contact before the turn is answered, or `nil` when the contact needs no
    /// classification now.
    func classifier(for context: ConversationContext) -> (any ConversationAgent)?

    /// The agent that answers the turn, or `nil` when the turn gets no reply. The engine asks only when the bot
    /// is not paused and the messages can be read.
    func responder(for context: ConversationContext) -> (any ConversationAgent)?
}
