import SaudaCore
import SaudaModels
import SaudaStore

extension SalesAgent: ConversationAgent {
    /// Answers the turn's new messages, with the tool calls made for the answer.
    public func reply(to context: ConversationContext) async throws -> AgentReply {
        let reply = try await reply(tenantID: context.key.tenantID, businessName: context.businessName, profile: context.contact.profile,
                                    spinStage: context.contact.spinStage, history: context.history,
                                    newMessages: context.newMessages.map(\.text), now: context.now, contactID: context.contactID,
                                    conversation: context.key, knownCustomerName: context.knownCustomerName)
        return AgentReply(text: reply.response.text, toolExchanges: reply.exchanges)
    }
}
