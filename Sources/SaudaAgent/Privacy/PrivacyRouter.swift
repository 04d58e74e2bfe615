import SaudaCore
import SaudaStore

/// Puts the privacy rule in front of another router: when a client's latest message asks for another customer's
/// data (``OtherCustomerDataRequest``), the ``PrivacyAgent`` refuses politely, without a model or a tool; every other
/// turn goes to `base`. Tools act only on the turn's own conversation anyway; this answers the request itself.
public struct PrivacyRouter: AgentRouter {
    let base: any AgentRouter
    let refusal = PrivacyAgent()

    /// A router refusing requests for others' data and leaving the rest to `base`.
    public init(base: any AgentRouter) {
        self.base = base
    }

    public func classifier(for context: ConversationContext) -> (any ConversationAgent)? {
        base.classifier(for: context)
    }

    /// The refusal for a client asking for others' data; `base`'s responder otherwise.
    public func responder(for context: ConversationContext) -> (any ConversationAgent)? {
        guard let responder = base.responder(for: context) else { return nil }
        guard let latest = context.newMessages.last?.text, OtherCustomerDataRequest.asks(latest) else { return responder }
        return refusal
    }
}

/// Refuses a request for another customer's data, in the customer's language, and offers help with their own.
public struct PrivacyAgent: ConversationAgent {
    /// The agent.
    public init() {}

    public func reply(to context: ConversationContext) async throws -> AgentReply {
        let text = context.newMessages.map(\.text).joined(separator: " ")
        let russian = TextAnalysis.language(of: text) == .russian
        return AgentReply(text: russian
            ? "Извините, данные других клиентов я не сообщаю — они конфиденциальны. С удовольствием помогу с Вашим заказом или вопросом."
            : "Sorry, I cannot share other customers' details: they are confidential. I will gladly help with your own order or question.")
    }
}
