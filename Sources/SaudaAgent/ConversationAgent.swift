import SaudaCore

/// One agent of a conversation: it reads a turn's context and answers, classifies the contact, or both.
///
/// The ``Moderator`` classifies unknown contacts and the ``SalesAgent`` answers clients; an ``AgentRouter`` picks
/// which agent takes a turn, so further agents (support, supervisor) can be added without touching the turn.
public protocol ConversationAgent: Sendable {
    /// Decides this agent's part of the turn.
    /// - Returns: the reply text and tool calls, or a new verdict about the contact.
    func reply(to context: ConversationContext) async throws -> AgentReply
}
