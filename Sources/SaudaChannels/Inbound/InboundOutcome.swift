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

    /// Creates an empty outcome.
    public init() {}
}
