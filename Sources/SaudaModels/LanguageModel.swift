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
    /// Turning a voice note into text.
    case transcription
    /// Reading how a customer answered (yes, no, unsure or other).
    case replyIntent = "reply_intent"
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
    /// A JSON object matching `schema` (JSON Schema); `name` identifies it (`classification`).
    case json(name: String, schema: JSONValue)
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
    /// For a follow-up: the number of the touch (1–5) being written.
    public var followUpTouch: Int?
    /// The conversation is led by an order funnel whose next question the caller appends to the reply: the reply
    /// answers what was asked and asks nothing of its own (no SPIN question, no call offer).
    public var funnelAppendsQuestion: Bool = false
    /// The name the business's CRM knows the customer by, on their first turn: a returning customer, greeted by name.
    public var knownCustomerName: String?

    /// Creates a context.
    public init(businessName: String, contact: ContactProfile, spinStage: SpinStage, calendar: WorkingCalendar, now: Date,
                newMessages: [String], followUpTouch: Int? = nil) {
        self.followUpTouch = followUpTouch
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
    /// Tools the model may call.
    public var tools: [ToolDeclaration]
    /// Tool calls of earlier rounds of this turn with their results, oldest first.
    public var exchanges: [ToolExchange]
    /// Tenant and contact, for usage records and tool handlers.
    public var tenantID: String?
    /// The contact's row id, when known.
    public var contactID: Int64?

    /// Creates a request.
    public init(purpose: ModelPurpose, systemInstruction: String, history: [ConversationMessage], knowledge: [KnowledgeSnippet],
                context: TurnContext, responseFormat: ResponseFormat = .text, temperature: Double = 0.4,
                maxOutputTokens: Int = 1024, tools: [ToolDeclaration] = [], exchanges: [ToolExchange] = [],
                tenantID: String? = nil, contactID: Int64? = nil) {
        self.purpose = purpose
        self.systemInstruction = systemInstruction
        self.history = history
        self.knowledge = knowledge
        self.context = context
        self.responseFormat = responseFormat
        self.temperature = temperature
        self.maxOutputTokens = maxOutputTokens
        self.tools = tools
        self.exchanges = exchanges
        self.tenantID = tenantID
        self.contactID = contactID
    }
}

/// Tokens spent by a call.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// Prompt tokens.
    public var input: Int
    /// Answer tokens (thinking included: it is billed as output).
    public var output: Int

    /// Creates usage.
    public init(input: Int, output: Int) {
        self.input = input
        self.output = output
    }

    /// No tokens.
    public static let zero = TokenUsage(input: 0, output: 0)

    /// The sum of two usages.
    public static func + (left: TokenUsage, right: TokenUsage) -> TokenUsage {
        TokenUsage(input: left.input + right.input, output: left.output + right.output)
    }
}

/// Why the model stopped.
public enum FinishReason: String, Sendable, Hashable, Codable {
    /// A complete answer.
    case stop
    /// The model asks for tool calls (see ``ModelResponse/toolCalls``).
    case toolCalls = "tool_calls"
    /// Cut at the output limit.
    case length
    /// Blocked by the provider's safety rules.
    case blocked
}

/// A model's answer.
public struct ModelResponse: Sendable, Hashable {
    /// The text (JSON text for JSON requests); empty when the model only calls tools.
    public var text: String
    /// Tool calls the model asks for, in order.
    public var toolCalls: [ToolCall]
    /// Why it stopped.
    public var finishReason: FinishReason
    /// Tokens spent.
    public var usage: TokenUsage
    /// Which model answered.
    public var model: String
    /// The provider's own record of the model turn (Gemini's `content` with its thought signatures), replayed
    /// unchanged in the next round of a tool-calling turn.
    public var providerTurn: JSONValue?

    /// Creates a response.
    public init(text: String, toolCalls: [ToolCall] = [], finishReason: FinishReason, usage: TokenUsage, model: String,
                providerTurn: JSONValue? = nil) {
        self.text = text
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
        self.providerTurn = providerTurn
    }
}

/// A model failure.
public struct ModelError: Error, Sendable, CustomStringConvertible, Hashable {
    /// What went wrong, as far as the caller needs to act on it.
    public enum Kind: String, Sendable, Hashable {
        /// Network trouble, a timeout or a 5xx: another attempt may succeed.
        case transient
        /// 429 with a short wait.
        case rateLimited = "rate_limited"
        /// A per-day quota or prepaid credit is used up: no retry helps today.
        case quotaExhausted = "quota_exhausted"
        /// The key is missing, wrong or not allowed (401/403).
        case authentication
        /// The request was refused as invalid (400/404).
        case invalidRequest = "invalid_request"
        /// The prompt or the answer was blocked by the provider's safety rules.
        case blocked
        /// The answer could not be used (not JSON, empty, a malformed function call).
        case malformedResponse = "malformed_response"
        /// The turn's deadline passed.
        case deadlineExceeded = "deadline_exceeded"
        /// The provider is switched off by its circuit breaker after repeated failures.
        case circuitOpen = "circuit_open"
        /// The model cannot do this (for example transcription on a text-only engine).
        case unsupported
    }

    /// What went wrong.
    public var kind: Kind
    /// Readable reason.
    public var message: String
    /// How long the provider asked to wait before the next attempt.
    public var retryAfter: Duration?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, retryAfter: Duration? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfter = retryAfter
    }

    /// Whether trying the same request again may succeed.
    public var retryable: Bool { [.transient, .rateLimited, .malformedResponse].contains(kind) }

    /// The reason.
    public var description: String { "\(kind.rawValue): \(message)" }
}

/// A language model: Gemini, an OpenAI-compatible server, or the offline rule engine.
public protocol LanguageModel: Sendable {
    /// Name for logs, health and usage records (`gemini`, `openai`, `offline`).
    var name: String { get }
    /// Answers one request: text, or tool calls to run before the next round.
    func respond(to request: ModelRequest) async throws(ModelError) -> ModelResponse
}
