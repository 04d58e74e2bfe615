import SaudaCore
import SaudaStore

/// Today's routing by the contact's status: an unknown contact is classified by the moderator once it has written
/// enough messages, or at once by the ``FirstQuestionClassifier`` when its first messages are clearly a business
/// question (unless the business keeps the strict rule); a client is answered by the sales agent; anyone else gets no
/// reply.
public struct ContactStatusRouter: AgentRouter {
    let moderator: any ConversationAgent
    let salesAgent: any ConversationAgent
    let classifyMinMessages: Int
    let firstQuestion: FirstQuestionClassifier?

    /// Creates the router.
    /// - Parameters:
    ///   - classifyMinMessages: customer messages before an unknown contact is classified by the moderator.
    ///   - answersFirstQuestion: whether earlier messages that are clearly a business question make the contact a
    ///     client at once (`FIRST_MESSAGE_RULE=question`); `false` keeps the strict rule.
    public init(moderator: any ConversationAgent, salesAgent: any ConversationAgent, classifyMinMessages: Int,
                answersFirstQuestion: Bool = false) {
        self.moderator = moderator
        self.salesAgent = salesAgent
        self.classifyMinMessages = classifyMinMessages
        self.firstQuestion = answersFirstQuestion ? FirstQuestionClassifier() : nil
    }

    /// For an unknown contact: the moderator once it has `classifyMinMessages` messages; before that the first-question
    /// rule when its messages are clearly a business question.
    public func classifier(for context: ConversationContext) -> (any ConversationAgent)? {
        guard context.contact.status == .unknown else { return nil }
        if context.customerMessageCount >= classifyMinMessages { return moderator }
        if let firstQuestion, !firstQuestion.signals(in: context).isEmpty { return firstQuestion }
        return nil
    }

    /// The sales agent for a client.
    public func responder(for context: ConversationContext) -> (any ConversationAgent)? {
        context.contact.status == .client ? salesAgent : nil
    }
}
