/// Why a gateway refused a message; each maps to an HTTP 4xx/5xx with this reason.
public struct GatewayError: Error, Sendable, CustomStringConvertible {
    /// Kinds of refusal.
    public enum Kind: Sendable {
        /// The input is invalid (400).
        case invalid
        /// The input is larger than a limit (413).
        case tooLarge
        /// The tenant does not exist (404).
        case unknownTenant
        /// The queue is full: try again later (503).
        case queueFull
    }

    /// The kind.
    public var kind: Kind
    /// The reason for the client.
    public var reason: String
    /// The reason.
    public var description: String { reason }

    /// Creates an error.
    public init(kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// The refusal of a delivery for a full queue (nothing was recorded; the sender should retry).
    static let queueFull = GatewayError(kind: .queueFull, reason: "the agent is overloaded, please retry in a minute")
}
