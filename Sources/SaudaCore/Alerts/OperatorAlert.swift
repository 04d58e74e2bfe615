/// "Needs a human": something in a conversation a person of the business should look at — the customer asked for a
/// person, the agent could not answer, an order was placed or a call booked. The turn that found it stores it
/// (`operator_alerts`) in its own transaction; the console lists the open ones.
public struct OperatorAlert: Sendable, Hashable, Codable {
    /// The longest summary kept, in characters.
    public static let maxSummaryCharacters = 300

    /// Why.
    public var reason: AlertReason
    /// A short text for the operator: what the customer wrote, what was ordered, when the call is.
    public var summary: String

    /// Creates an alert; the summary is trimmed and cut to ``maxSummaryCharacters`` (with «…» where cut).
    public init(reason: AlertReason, summary: String) {
        self.reason = reason
        self.summary = TextAnalysis.shortened(TextAnalysis.trimmed(summary), toCharacters: Self.maxSummaryCharacters - 1)
    }
}
