import Foundation

/// What the moderator has decided about a contact (stored as `contacts.is_client`: true / false / null).
public enum ContactStatus: String, Sendable, Codable, Hashable {
    /// Not enough data yet; the moderator looks again as the conversation grows.
    case unknown
    /// A potential or current client: the sales agent answers.
    case client
    /// Not a client (spam, personal, wrong number): the bot stays silent.
    case notClient = "not_client"

    /// Maps the nullable `contacts.is_client` column (the earlier system's) to a status.
    public init(isClient: Bool?) {
        switch isClient {
        case .none: self = .unknown
        case .some(true): self = .client
        case .some(false): self = .notClient
        }
    }

    /// The nullable `contacts.is_client` value.
    public var isClient: Bool? {
        switch self {
        case .unknown: nil
        case .client: true
        case .notClient: false
        }
    }
}

/// The moderator's verdict on a contact, as the moderator prompt asks for it in JSON.
public struct Classification: Sendable, Codable, Hashable {
    /// `true` client, `false` not a client, `nil` not enough data.
    public var isClient: Bool?
    /// Confidence between 0 and 1.
    public var confidence: Double
    /// A short explanation of the decision.
    public var reasoning: String

    /// Creates a verdict; confidence is clamped to 0...1.
    public init(isClient: Bool?, confidence: Double, reasoning: String) {
        self.isClient = isClient
        self.confidence = min(1, max(0, confidence.isFinite ? confidence : 0))
        self.reasoning = reasoning
    }

    /// The status this verdict gives the contact.
    public var status: ContactStatus { ContactStatus(isClient: isClient) }
}
