/// What became of the events of one delivery handed to the ``InboundGateway``.
public struct InboundOutcome: Sendable, Hashable, Codable {
    /// Customer messages queued for the agent.
    public var accepted = 0
    /// Events seen before.
    public var duplicates = 0
    /// Dropped events by reason.
    public var ignored: [String: Int] = [:]
    /// Messages of the business's people stored.
    public var humanMessages = 0
    /// Delivery statuses applied.
    public var statuses = 0
    /// Voice notes queued for transcription.
    public var voice = 0
    /// Attachments the agent cannot read (counted in `accepted`; a bare one gets a request to write).
    public var unsupported = 0
    /// Customer messages (counted in `accepted`) queued behind a voice note of their chat still being transcribed.
    public var behindVoiceNote = 0
    /// Events refused for a field over its limit, of the wrong type or not in its format, by code (`text_too_long`,
    /// `invalid_from`, …; ``InboundViolation/code``). Nothing of them was stored.
    public var refused: [String: Int] = [:]
    /// The first ``refusalsShown`` refused events' violations, in order, each naming its field.
    public var refusals: [InboundViolation] = []

    /// How many refused events ``refusals`` lists at most.
    public static let refusalsShown = 10

    /// How many events were refused.
    public var refusedCount: Int { refused.values.reduce(0, +) }

    /// Counts a refused event.
    mutating func refuse(_ violation: InboundViolation) {
        refused[violation.code, default: 0] += 1
        if refusals.count < Self.refusalsShown { refusals.append(violation) }
    }

    /// Creates an empty outcome.
    public init() {}
}
