import Foundation
import SaudaCore

/// Why a model is called; recorded with token usage.
public enum ModelPurpose: String, Sendable, Codable, Hashable {
    /// Classifying a contact.
    case moderation
    /// Answering a client.
    case sales
    /// Writing a follow-up touch.
    case followUp = "follow_up"
}

/// A passage of the business's knowledge given to the model with a turn.
public struct KnowledgeSnippet: Sendable, Hashable, Codable {
    /// Section heading.
    public var title: String
    /// Section text.
    public var text: String

    /// Creates a snippet.
    public init(title: String, text: String) {
        self.title = title
        self.text = text
    }
}

/// What the model should return.
public enum ResponseFormat: Sendable, Hashable {
    /// Free text (a message for the client).
    case text
    /// A JSON object; the name identifies the expected schema (`classification`).
    case json(schema: String)
}

/// Facts about the turn that a remote model reads from the rendered prompt and the offline engine
/// reads directly.
public struct TurnContext: Sendable, Hashable {
    /// The business's name.
    public var businessName: String
    /// The contact's profile.
    public var contact: ContactProfile
    /// Current SPIN stage.
    public var spinStage: SpinStage
    /// Working hours, for call offers.
    public var calendar: WorkingCalendar
    /// The moment of the turn.
    public var now: Date
    /// The customer messages this turn answers (several when messages were folded together).
    public var newMessages: [String]

    /// Creates a context.
    public init(businessName: String, contact: ContactProfile, spinStage: SpinStage, calendar: WorkingCalendar, now: Date,
                newMessages: [String]) {
        self.businessName = businessName
        self.contact = contact
        self.spinStage = spinStage
        self.calendar = calendar
        self.now = now
        self.newMessages = newMessages
    }
}

/// One call to a language model.
public struct ModelRequest: Sendable, Hashable {
    /// Why the call is made.
    public var purpose: ModelPurpose
    /// The rendered system prompt.
    public var systemInstruction: String
    /// The conversation so far, oldest first, the new messages included.
    public var history: [ConversationMessage]
    /// Knowledge passages retrieved for this turn.
    public var knowledge: [KnowledgeSnippet]
    /// Facts about the turn.
    public var context: TurnContext
    /// Expected output.
    public var responseFormat: ResponseFormat
    /// Sampling temperature.
    public var temperature: Double
    /// Longest answer in tokens.
    public var maxOutputTokens: Int

    /// Creates a request.
    public init(purpose: ModelPurpose, systemInstruction: String, history: [ConversationMessage], knowledge: [KnowledgeSnippet],
                context: TurnContext, responseFormat: ResponseFormat = .text, temperature: Double = 0.4,
                maxOutputTokens: Int = 512) {
        self.purpose = purpose
        self.systemInstruction = systemInstruction
        self.history = history
        self.knowledge = knowledge
        self.context = context
        self.responseFormat = responseFormat
        self.temperature = temperature
        self.maxOutputTokens = maxOutputTokens
    }
}

/// Tokens spent by a call.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// Prompt tokens.
    public var input: Int
    /// Answer tokens.
    public var output: Int

    /// Creates usage.
    public init(input: Int, output: Int) {
        self.input = input
        self.output = output
    }
}

/// Why the model stopped.
public enum FinishReason: String, Sendable, Hashable, Codable {
    /// A complete answer.
    case stop
    /// Cut at the output limit.
    case length
    /// Blocked by the provider's safety rules.
    case blocked
}

/// A model's answer.
public struct ModelResponse: Sendable, Hashable {
    /// The text (JSON text for JSON requests).
    public var text: String
    /// Why it stopped.
    public var finishReason: FinishReason
    /// Tokens spent.
    public var usage: TokenUsage
    /// Which model answered.
    public var model: String

    /// Creates a response.
    public init(text: String, finishReason: FinishReason, usage: TokenUsage, model: String) {
        self.text = text
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
    }
}

/// A model failure.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    /// Readable reason.
    public var message: String
    /// Whether trying again may succeed.
    public var retryable: Bool

    /// Creates an error.
    public init(_ message: String, retryable: Bool) {
        self.message = message
        self.retryable = retryable
    }

    /// The reason.
    public var description: String { message }
}

/// A language model: Gemini, an OpenAI-compatible server, or the offline rule engine.
public protocol LanguageModel: Sendable {
    /// Name for logs and usage records.
    var name: String { get }
    /// Answers one request.
    func respond(to request: ModelRequest) async throws(ModelError) -> ModelResponse
}
