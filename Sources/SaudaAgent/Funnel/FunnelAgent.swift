import Foundation
import SaudaCatalogue
import SaudaCore
import SaudaFunnel
import SaudaModels
import SaudaStore

/// Answers the clients of a business with a catalogue through its order funnel (seed 000's hybrid): the rules of
/// ``FunnelMachine`` take what they can read (menu digits, the car, options, yes and no, the name), free text goes
/// to the sales model with the funnel's state, and the funnel's next question follows the model's answer. Outside
/// the funnel a remote model leads the dialogue with its tools, whose results move the funnel on (``FunnelState``'s
/// `absorbing`); without a remote model, and whenever the model fails, times out or its circuit is open, the rules
/// run the whole funnel, so a customer never gets a bare apology.
///
/// The rules' tool calls (`find_products`, `quote_price`, `place_order`, `record_lead`) run through the same registry
/// as the model's, so the order is placed, logged and alerted the same way. A business without a catalogue is
/// answered by the sales agent alone.
public struct FunnelAgent: ConversationAgent {
    let sales: SalesAgent
    let catalogues: CatalogueCache

    /// An agent over `sales` (its model, prompts and tools) and the businesses' catalogues.
    public init(sales: SalesAgent, catalogues: CatalogueCache) {
        self.sales = sales
        self.catalogues = catalogues
    }

    public func reply(to context: ConversationContext) async throws -> AgentReply {
        guard let tools = sales.tools, let catalogue = try? await catalogues.catalogue(for: context.key.tenantID), !catalogue.isEmpty else {
            return try await sales.reply(to: context)
        }
        let machine = FunnelMachine(catalogue: catalogue)
        let before = context.contact.funnel ?? FunnelState()
        var run = FunnelRun(state: before, context: await funnelContext(context))
        let remote = sales.model.name != OfflineEngine.modelName
        var free: [NewCustomerMessage] = []
        for message in context.newMessages {
            // Outside the funnel a remote model leads; the rules take commands and the funnel's own steps.
            if remote, !run.state.isActive, FunnelCommand(message.text) == nil {
                run.state = machine.remembering(message.text, in: run.state)
                free.append(message)
            } else if !run.read(message.text, with: machine) {
                free.append(message)
            }
        }
        var modelText: String?
        var exchanges: [ToolExchange] = []
        var stepMovedByModel = false
        if !free.isEmpty {
            let askedInside = run.state.isActive || !run.replies.isEmpty
            let reply = try await sales.reply(
                tenantID: context.key.tenantID, businessName: context.businessName, profile: context.contact.profile,
                spinStage: context.contact.spinStage, history: context.history, newMessages: free.map(\.text), now: context.now,
                contactID: context.contactID, conversation: context.key,
                funnel: FunnelBrief(state: run.state, catalogue: catalogue, appendsQuestion: askedInside))
            // The guard's fallback answers as the offline engine, or with the apology when the fallback failed too.
            let failed = remote && [OfflineEngine.modelName, GuardedModel.apologyModelName].contains(reply.response.model)
            if failed {
                // The model could not answer: the rules go on with what they can read; the fallback's answer (never
                // the bare apology) covers the rest.
                let unread = free.filter { !run.read($0.text, with: machine) }
                if !unread.isEmpty, reply.response.model != GuardedModel.apologyModelName { modelText = reply.response.text }
            } else {
                modelText = reply.response.text
                exchanges = reply.exchanges
                let absorbed = run.state.absorbing(reply.exchanges, catalogue: catalogue)
                stepMovedByModel = absorbed.step != run.state.step
                run.state = absorbed
            }
        }
        let funnelExchange = await run.perform(tools: tools, context: toolContext(context))
        var parts: [String] = []
        if let modelText, !modelText.isEmpty { parts.append(modelText) }
        parts += run.replyParts
        if run.replies.isEmpty, modelText != nil, run.state.isActive, !stepMovedByModel {
            parts.append(machine.prompt(for: run.state, context: run.context))
        }
        if parts.isEmpty { parts.append(machine.prompt(for: run.state, context: run.context)) }
        return AgentReply(text: parts.joined(separator: "\n\n"), toolExchanges: exchanges + (funnelExchange.map { [$0] } ?? []),
                          funnelState: run.state, alerts: run.alerts)
    }

    /// What the rules need to know of the conversation.
    func funnelContext(_ context: ConversationContext) async -> FunnelContext {
        let language = FunnelContext.language(of: context.newMessages.map(\.text).joined(separator: " "))
        // Only WhatsApp's chat is a phone number (a Telegram chat id is not, whatever its digits).
        let phone: String? = context.key.channel != .whatsapp ? nil
            : (context.contact.phoneNumber ?? PhoneNumber.normalize(context.key.chatID)).map(PhoneNumber.international)
        let spoke = context.history.contains { $0.author == .bot || $0.author == .human }
        let calendar = await sales.settings.calendar(for: context.key.tenantID)
        return FunnelContext(businessName: context.businessName, language: language, channelPhone: phone,
                             answerTime: HumanHandoffText.when(at: context.now, calendar: calendar, language: language),
                             businessSpoke: spoke)
    }

    func toolContext(_ context: ConversationContext) -> ToolContext {
        ToolContext(tenantID: context.key.tenantID, contactID: context.contactID, chatID: context.key.chatID,
                    channel: context.key.channel.rawValue, now: context.now)
    }
}
