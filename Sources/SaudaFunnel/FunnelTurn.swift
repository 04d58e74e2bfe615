import SaudaCore

/// What the funnel's rules made of one customer message: the new state, the reply, and the tool calls that do the
/// real work (the same tools a model calls: `find_products`, `quote_price`, `place_order`, `record_lead`).
public struct FunnelTurn: Sendable, Hashable {
    /// The state after the message.
    public var state: FunnelState
    /// The reply; `nil` when the rules could not read the message (free text for the model).
    public var reply: String?
    /// The tool calls to make, in order; their results back the reply (the order is placed by `place_order`).
    public var toolCalls: [FunnelToolCall]
    /// The customer asked for a person of the business.
    public var wantsHuman: Bool
    /// The reply reports something that must not be lost in a burst of messages (an order placed, a person called).
    public var isMilestone: Bool

    /// A turn.
    public init(state: FunnelState, reply: String?, toolCalls: [FunnelToolCall] = [], wantsHuman: Bool = false, isMilestone: Bool = false) {
        self.state = state
        self.reply = reply
        self.toolCalls = toolCalls
        self.wantsHuman = wantsHuman
        self.isMilestone = isMilestone
    }

    /// Whether the rules read the message.
    public var isHandled: Bool { reply != nil }
}

/// A call of one of the agent's tools that the rules decided on.
public struct FunnelToolCall: Sendable, Hashable {
    /// The tool's name.
    public var name: String
    /// Its arguments, as a model would pass them.
    public var arguments: JSONValue

    /// A call.
    public init(name: String, arguments: JSONValue) {
        self.name = name
        self.arguments = arguments
    }
}

/// What the rules need to know of the conversation beside its state.
public struct FunnelContext: Sendable, Hashable {
    /// The business's name.
    public var businessName: String
    /// The language to answer in.
    public var language: TextLanguage
    /// The phone number the channel gives for the customer (WhatsApp), `nil` where it gives none (the web chat).
    public var channelPhone: String?
    /// When a person of the business answers, as a reply says it («в течение 15 минут», «завтра с 9:00»).
    public var answerTime: String
    /// Whether the business has spoken in this conversation already (then the bot does not greet).
    public var businessSpoke: Bool

    /// The language of a customer's text for the funnel's replies: Russian when it has a Cyrillic letter (brands are
    /// often written in Latin letters inside Russian), else as ``TextAnalysis/language(of:)`` reads it.
    public static func language(of text: String) -> TextLanguage {
        text.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) } ? .russian : TextAnalysis.language(of: text)
    }

    /// A context.
    public init(businessName: String, language: TextLanguage = .russian, channelPhone: String? = nil,
                answerTime: String = "в ближайшее время", businessSpoke: Bool = false) {
        self.businessName = businessName
        self.language = language
        self.channelPhone = channelPhone
        self.answerTime = answerTime
        self.businessSpoke = businessSpoke
    }
}
