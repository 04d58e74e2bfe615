/// How a customer's answer was read (yes, no, unsure or other) and who read it; stored with the message it reads and
/// shown in the console (docs/follow-ups.md, «Who reads the answer»).
public struct IntentReading: Sendable, Hashable, Codable {
    /// Who made the decision.
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
        /// The rules: an obvious answer («да», «нет, спасибо», 👍), a message that answers nothing, or no model is configured.
        case rules
        /// The language model, with structured output.
        case model
        /// The rules, because the model failed, timed out or gave no valid answer.
        case fallback
    }

    /// What the answer says.
    public var intent: ReplyIntent
    /// Who decided.
    public var source: Source
    /// The model's name when ``source`` is ``Source/model``.
    public var model: String?

    /// Creates a reading.
    public init(intent: ReplyIntent, source: Source, model: String? = nil) {
        self.intent = intent
        self.source = source
        self.model = source == .model ? model : nil
    }
}
