import SaudaCore
import SaudaStore

/// Today's routing by the contact's status: an unknown contact is classified by the moderator once it has written
/// enough messages; a client is answered by the sales agent; anyone else gets no reply.
public struct ContactStatusRouter: AgentRouter {
    let moderator: any ConversationAgent
    let salesAgent: any ConversationAgent
    let classifyMinMessages: Int

    /// Creates the router.
    /// - Parameter classifyMinMessages: customer messages before an unknown contact is classified.
    public init(moderator: any ConversationAgent, salesAgent: any ConversationAgent, classifyMinMessages: Int) {
        self.moderator = moderator
        self.salesAgent = salesAgent
        self.classifyMinMessages = classifyMinMessages
    }

    /// The moderator for an unknown contact with at least `classifyMinMessages` messages.
    public func classifier(for context: ConversationContext) -> (any ConversationAgent)? {
        context.contact.status == .unknown && context.customerMessageCount >= classifyMinMessages ? moderator : nil
    }

    /// The sales agent for a client.
    public func responder(for context: ConversationContext) -> (any ConversationAgent)? {
        context.contact.status == .client ? salesAgent : nil
    }
}
