import SaudaCore
import SaudaModels
import SaudaStore

extension Moderator: ConversationAgent {
    /// Classifies the contact from the turn's conversation; the reply has a verdict and no text.
    public func reply(to context: ConversationContext) async -> AgentReply {
        let verdict = await classify(profile: context.contact.profile, history: context.history, businessName: context.businessName,
                                     now: context.now, tenantID: context.key.tenantID, contactID: context.contactID)
        return AgentReply(classification: verdict)
    }
}
