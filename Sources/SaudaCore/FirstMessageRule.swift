/// When an unknown contact's first messages are answered (`FIRST_MESSAGE_RULE`).
public enum FirstMessageRule: String, Sendable, CaseIterable {
    /// A first message that is clearly a business question is answered at once; others wait for the classification.
    case question
    /// Every message of an unknown contact waits for the classification at `CLASSIFY_MIN_MESSAGES`.
    case strict
}
