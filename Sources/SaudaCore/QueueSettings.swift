/// The three queues of the earlier Python gateway and agent, named as there (docs/compatibility.md).
public enum QueueName: String, Sendable, Codable, Hashable, CaseIterable {
    /// Customer messages on their way to the agent.
    case incoming = "incoming_messages"
    /// Replies on their way to the channel.
    case outgoing = "outgoing_messages"
    /// Voice notes waiting for a transcript.
    case voice = "voice_transcription"

    /// Short name used in `/stats` and metrics (`incoming`, `outgoing`, `voice`).
    public var shortName: String {
        switch self {
        case .incoming: "incoming"
        case .outgoing: "outgoing"
        case .voice: "voice"
        }
    }
}

/// Limits of one queue: its name, the time to live and maximum length it is declared with, plus retry policy.
public struct QueueLimits: Sendable, Hashable {
    /// Name of the queue on the broker or in the queue table.
    public var name: String
    /// Messages older than this are dead-lettered (RabbitMQ `x-message-ttl`), in seconds.
    public var timeToLive: Double
    /// New messages are rejected once this many wait (RabbitMQ `x-max-length` with `reject-publish`).
    public var maxLength: Int
    /// Deliveries before a message of this queue is dead-lettered; `nil` takes the retry policy's.
    public var maxAttempts: Int?

    /// Creates limits.
    public init(name: String, timeToLive: Double, maxLength: Int, maxAttempts: Int? = nil) {
        self.name = name
        self.timeToLive = timeToLive
        self.maxLength = maxLength
        self.maxAttempts = maxAttempts
    }

    /// The earlier system's settings, which a peer declaring the same queue must match (docs/compatibility.md):
    /// incoming 24 h / 10 000, outgoing 1 h / 5 000, voice 2 h / 1 000; a reply gets three attempts (the earlier
    /// system's plan: «3 попытки с exponential backoff»), the other queues the retry policy's.
    public static func seedDefault(for queue: QueueName) -> QueueLimits {
        switch queue {
        case .incoming: QueueLimits(name: queue.rawValue, timeToLive: 86_400, maxLength: 10_000)
        case .outgoing: QueueLimits(name: queue.rawValue, timeToLive: 3_600, maxLength: 5_000, maxAttempts: 3)
        case .voice: QueueLimits(name: queue.rawValue, timeToLive: 7_200, maxLength: 1_000)
        }
    }
}

/// How consumers of every queue retry.
public struct RetryPolicy: Sendable, Hashable {
    /// Deliveries before a message goes to the dead-letter table.
    public var maxAttempts: Int
    /// How long a consumer holds a message before it is redelivered to another (its consumer died), seconds.
    public var leaseDuration: Double
    /// First retry delay in seconds; doubled on each attempt, capped by `maxBackoff`.
    public var initialBackoff: Double
    /// Longest retry delay in seconds.
    public var maxBackoff: Double

    /// Creates a policy.
    public init(maxAttempts: Int = 5, leaseDuration: Double = 120, initialBackoff: Double = 1, maxBackoff: Double = 300) {
        self.maxAttempts = maxAttempts
        self.leaseDuration = leaseDuration
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// Delay before the next delivery after `attempt` failed deliveries (1-based).
    public func backoff(afterAttempt attempt: Int) -> Double {
        let exponent = Double(max(0, min(attempt - 1, 30)))
        return min(maxBackoff, initialBackoff * pow2(exponent))
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }
}
