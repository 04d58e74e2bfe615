import Foundation
import Logging
import SaudaCore
import SaudaModels
import SaudaStore

/// Reads how a customer answered the bot (yes, no, unsure or other): the rules take the obvious answers
/// (``ReplyIntent/obvious(_:)``), messages without words and messages before the bot wrote anything; the model reads the
/// rest with structured output (the `reply_intent` prompt and ``answerSchema``); when the model fails or its answer is
/// invalid, the rules decide (``ReplyIntent/of(_:)``). The reading says who decided.
public struct ReplyIntentReader: Sendable {
    let model: any LanguageModel
    let prompts: PromptLibrary
    let settings: AgentSettings
    let logger: Logger

    /// Creates a reader that asks `model` (the offline engine, or a remote model guarded by it).
    public init(model: any LanguageModel, prompts: PromptLibrary, settings: AgentSettings, logger: Logger) {
        self.model = model
        self.prompts = prompts
        self.settings = settings
        self.logger = logger
    }

    /// Reads `text`, the customer's answer to `botMessage` (`nil` when the bot has not written yet).
    public func read(_ text: String, answering botMessage: String?, businessName: String, now: Date,
                     tenantID: String? = nil, contactID: Int64? = nil) async -> IntentReading {
        // A voice note is read by its transcript; one without a transcript, or a bare attachment, says nothing.
        guard let message = Self.words(of: text) else { return IntentReading(intent: .other, source: .rules) }
        if let obvious = ReplyIntent.obvious(message) { return IntentReading(intent: obvious, source: .rules) }
        // Nothing was asked yet, or no remote model is configured: the rules read it.
        guard let botMessage, model.name != OfflineEngine.modelName else {
            return IntentReading(intent: ReplyIntent.of(message), source: .rules)
        }
        let business = if let tenantID { await settings.business(tenantID) } else { nil as BusinessProfile? }
        let prompt = prompts.render(.replyIntent, tenantID: tenantID, overrides: business?.settings.promptOverrides ?? [:], [
            "business_name": businessName, "last_bot_message": botMessage, "client_message": message,
        ])
        let calendar = business?.calendar ?? settings.calendar
        let request = ModelRequest(
            purpose: .replyIntent, systemInstruction: prompt, history: [ConversationMessage(author: .customer, text: message, sentAt: now)],
            knowledge: [], context: TurnContext(businessName: businessName, contact: ContactProfile(), spinStage: .situation,
                                                calendar: calendar, now: now, newMessages: [message]),
            responseFormat: .json(name: "reply_intent", schema: Self.answerSchema), temperature: 0,
            tenantID: tenantID, contactID: contactID)
        do {
            let response = try await model.respond(to: request)
            // The guard's fallback (the offline engine) answered: that is the rules.
            guard response.model != OfflineEngine.modelName else {
                return IntentReading(intent: ReplyIntent.of(message), source: .fallback)
            }
            if let intent = Self.parse(response.text) { return IntentReading(intent: intent, source: .model, model: response.model) }
            logger.warning("reply intent answer is not valid JSON", metadata: ["answer": "\(response.text.prefix(200))"])
        } catch {
            logger.warning("reply intent call failed", metadata: ["error": "\(error)"])
        }
        return IntentReading(intent: ReplyIntent.of(message), source: .fallback)
    }

    /// The rules' reading of a stored message's text (a transcript's marker left out; a message without words is other).
    public static func rules(_ text: String) -> ReplyIntent {
        words(of: text).map(ReplyIntent.of) ?? .other
    }

    /// What the customer said: the text, a voice note's transcript without its marker; `nil` for no words (an empty
    /// text, a voice note that could not be transcribed, a bare attachment).
    static func words(of text: String) -> String? {
        let spoken = text.hasPrefix(VoiceNoteText.transcriptPrefix) ? String(text.dropFirst(VoiceNoteText.transcriptPrefix.count)) : text
        let trimmed = TextAnalysis.trimmed(spoken)
        guard !trimmed.isEmpty, trimmed != VoiceNoteText.untranscribed, !MediaNoteText.isBareAttachment(trimmed) else { return nil }
        return trimmed
    }

    /// JSON Schema of the answer the `reply_intent` prompt asks for; its title names the request to simulators
    /// (``ScriptedReply/forSchema(_:_:)`` in SaudaSimulators).
    public static let answerSchema: JSONValue = [
        "title": "reply_intent",
        "type": "object",
        "properties": [
            "reasoning": ["type": "string"],
            "intent": ["type": "string", "enum": ["yes", "no", "unsure", "other"]],
        ],
        "required": ["reasoning", "intent"],
    ]

    /// Reads the model's JSON answer (code fences tolerated): its `intent`, or `nil` when the answer is not valid.
    public static func parse(_ text: String) -> ReplyIntent? {
        struct Answer: Decodable { let intent: String }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: StructuredAnswer.json(text)) else { return nil }
        return ReplyIntent(rawValue: answer.intent)
    }
}
