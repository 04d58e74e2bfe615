import Foundation
import Logging
import SaudaCore
import SaudaModels
import SaudaStore

/// Classifies contacts with the moderator prompt (`Prompts/moderator.mustache`) and validates the model's JSON answer
/// (invalid JSON → one retry → unknown).
public struct Moderator: Sendable {
    let model: any LanguageModel
    let prompts: PromptLibrary
    let settings: AgentSettings
    let logger: Logger

    /// Creates a moderator.
    public init(model: any LanguageModel, prompts: PromptLibrary, settings: AgentSettings, logger: Logger) {
        self.model = model
        self.prompts = prompts
        self.settings = settings
        self.logger = logger
    }

    /// Classifies a contact from its conversation.
    /// - Returns: the verdict; unknown when the model's answer stays invalid after one retry.
    public func classify(profile: ContactProfile, history: [ConversationMessage], businessName: String,
                         now: Date, tenantID: String? = nil, contactID: Int64? = nil) async -> Classification {
        let business = if let tenantID { await settings.business(tenantID) } else { nil as BusinessProfile? }
        let prompt = prompts.render(.moderator, tenantID: tenantID, overrides: business?.settings.promptOverrides ?? [:], [
            "business_name": businessName, "contact_name": profile.name ?? "—", "full_name": profile.fullName ?? "—",
            "contact_business_name": profile.businessName ?? "—", "min_messages": "\(settings.classifyMinMessages)",
            "max_context": "\(settings.maxContextMessages)", "conversation_history": ConversationFormatting.history(history),
        ])
        let calendar = business?.calendar ?? settings.calendar
        let request = ModelRequest(
            purpose: .moderation, systemInstruction: prompt, history: history, knowledge: [],
            context: TurnContext(businessName: businessName, contact: profile, spinStage: .situation, calendar: calendar,
                                 now: now, newMessages: history.filter { $0.author == .customer }.map(\.text)),
            responseFormat: .json(name: "classification", schema: Self.answerSchema), temperature: 0, tenantID: tenantID, contactID: contactID)
        for attempt in 1...2 {
            do {
                let response = try await model.respond(to: request)
                if let verdict = Self.parse(response.text) { return verdict }
                logger.warning("moderator answer is not valid JSON", metadata: ["attempt": "\(attempt)", "answer": "\(response.text.prefix(200))"])
            } catch {
                logger.warning("moderator call failed", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
            }
        }
        return Self.deferred
    }

    /// The verdict when the model gave no usable answer: unknown, to be decided again later.
    public static let deferred = Classification(isClient: nil, confidence: 0, reasoning: "Ответ модели не распознан: классификация отложена")

    /// JSON Schema of the answer the moderator prompt asks for, sent to models that constrain their output to a schema.
    public static let answerSchema: JSONValue = [
        "type": "object",
        "properties": [
            "isClient": ["type": ["boolean", "null"], "description": "true — клиент, false — не клиент, null — неясно"],
            "confidence": ["type": "number", "minimum": 0, "maximum": 1],
            "reasoning": ["type": "string"],
        ],
        "required": ["isClient", "confidence", "reasoning"],
    ]

    /// Reads the moderator's JSON answer: `isClient` true/false/null, `confidence` 0–1, `reasoning` text.
    /// Code fences around the JSON are tolerated; anything else invalid gives `nil`.
    public static func parse(_ text: String) -> Classification? {
        struct Answer: Decodable {
            let isClient: Bool?
            let confidence: Double
            let reasoning: String
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: StructuredAnswer.json(text)),
              (0...1).contains(answer.confidence), !answer.reasoning.isEmpty else { return nil }
        let (isClient, confidence, reasoning) = (answer.isClient, answer.confidence, answer.reasoning)
        return Classification(isClient: isClient, confidence: confidence, reasoning: reasoning)
    }
}
