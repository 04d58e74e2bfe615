import Foundation
import Logging
import SaudaCore
import SaudaKnowledge
import SaudaModels
import SaudaStore

/// Writes replies to clients with the sales prompt (`Prompts/sales_agent.mustache`), grounded in the passages of the
/// tenant's knowledge base that match the new messages.
public struct SalesAgent: Sendable {
    let model: any LanguageModel
    let prompts: PromptLibrary
    let knowledge: KnowledgeCache
    let settings: AgentSettings
    let tools: ToolRegistry?
    let toolRounds: Int

    /// Creates an agent.
    /// - Parameter tools: tools the model may call (search, call slots, booking, lead details); `nil` for none.
    public init(model: any LanguageModel, prompts: PromptLibrary, knowledge: KnowledgeCache, settings: AgentSettings,
                tools: ToolRegistry? = nil, toolRounds: Int = 5) {
        self.model = model
        self.prompts = prompts
        self.knowledge = knowledge
        self.settings = settings
        self.tools = tools
        self.toolRounds = toolRounds
    }

    /// A reply with the tool calls made for it.
    public struct Reply: Sendable {
        /// The final answer.
        public var response: ModelResponse
        /// Rounds of tool calls, oldest first.
        public var exchanges: [ToolExchange]
    }

    /// Writes a reply.
    /// - Parameters:
    ///   - history: the conversation, the new messages included, oldest first.
    ///   - newMessages: the customer messages this reply answers.
    /// - Returns: the model's response.
    ///   - funnel: the order funnel's state, when a funnel leads the conversation (its question is appended by the caller).
    public func reply(tenantID: String, businessName: String, profile: ContactProfile, spinStage: SpinStage,
                      history: [ConversationMessage], newMessages: [String], now: Date, contactID: Int64? = nil,
                      conversation: ConversationKey? = nil, funnel: FunnelBrief? = nil, knownCustomerName: String? = nil) async throws -> Reply {
        let base = try await knowledge.base(for: tenantID)
        let passages = base.search(newMessages.joined(separator: " "), limit: settings.knowledgePassages)
        let business = await settings.business(tenantID)
        let calendar = business?.calendar ?? settings.calendar
        let prompt = prompts.render(.salesAgent, tenantID: tenantID, overrides: business?.settings.promptOverrides ?? [:],
                                    AgentSettings.promptFacts(business).merging([
            "business_name": businessName,
            "spin_stage": spinStage.rawValue,
            "working_hours": calendar.weekText(separator: " - "),
            "time_zone": calendar.timeZone.identifier,
            "knowledge_base": passages.isEmpty ? "(нет подходящих разделов)" : passages.map { "## \($0.title)\n\($0.text)" }.joined(separator: "\n\n"),
            "conversation_history": ConversationFormatting.history(history),
            "new_message": newMessages.joined(separator: "\n"),
            "current_datetime": ConversationFormatting.dateTime(now, calendar: calendar),
            "funnel_state": funnel?.summary ?? "",
            "returning_customer": knownCustomerName.map {
                "ПОСТОЯННЫЙ КЛИЕНТ: клиент уже есть в CRM компании как «\($0)». Поприветствуй его по имени и не спрашивай имя заново.\n"
            } ?? "",
        ]) { _, given in given })
        var turn = TurnContext(businessName: businessName, contact: profile, spinStage: spinStage, calendar: calendar, now: now,
                               newMessages: newMessages)
        turn.funnelAppendsQuestion = funnel?.appendsQuestion ?? false
        turn.knownCustomerName = knownCustomerName
        let request = ModelRequest(
            purpose: .sales, systemInstruction: prompt, history: history,
            knowledge: passages.map { KnowledgeSnippet(title: $0.title, text: $0.text) },
            context: turn, tenantID: tenantID, contactID: contactID)
        var knowledgeText = passages.map { "\($0.title)\n\($0.text)" }.joined(separator: "\n")
        guard let tools else {
            return Reply(response: Self.styled(try await model.respond(to: request), knowledge: knowledgeText,
                                               conversation: newMessages.joined(separator: "\n")), exchanges: [])
        }
        let context = ToolContext(tenantID: tenantID, contactID: contactID, chatID: conversation?.chatID,
                                  channel: conversation?.channel.rawValue, now: now)
        let outcome = try await ToolCallingLoop(model: model, registry: tools, maximumRounds: toolRounds).run(request, context: context)
        // What the model read through its tools (a knowledge search) backs its reply too.
        knowledgeText += "\n" + outcome.exchanges.flatMap(\.results).map(\.content.jsonText).joined(separator: "\n")
        return Reply(response: Self.styled(outcome.response, knowledge: knowledgeText, conversation: newMessages.joined(separator: "\n")),
                     exchanges: outcome.exchanges)
    }

    /// The response with the sales prompt's style rules applied to its text (``ReplyStyle``). The offline engine's
    /// replies are composed under the same rules (its greeting line and its booking offers are counted its own way), so
    /// they pass as they are.
    static func styled(_ response: ModelResponse, knowledge: String, conversation: String = "") -> ModelResponse {
        guard !response.text.isEmpty, response.model != OfflineEngine().name else { return response }
        var styled = response
        styled.text = ReplyStyle.enforce(response.text, knowledge: knowledge, conversation: conversation).text
        return styled
    }
}
