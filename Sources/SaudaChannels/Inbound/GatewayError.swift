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
        /// The business is suspended by the installation's owner: it takes no messages (403).
        case suspended
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

    /// The refusal of every delivery to a suspended business (nothing is recorded, nothing answered).
    static func suspended(_ tenantID: String) -> GatewayError {
        GatewayError(kind: .suspended, reason: "this business («\(tenantID)») is unavailable: it is suspended and takes no messages")
    }

    /// The refusal of a delivery for a full queue (nothing was recorded; the sender should retry).
    static let queueFull = GatewayError(kind: .queueFull, reason: "the agent is overloaded, please retry in a minute")
}
