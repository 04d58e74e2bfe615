/// Why an operator's action was refused; the admin API, the console and the command line each answer it in their
/// own way (HTTP 400 / 404 / 409, a problem page, a message naming the argument).
public struct OperatorActionError: Error, Sendable, CustomStringConvertible {
    /// Kinds of refusal.
    public enum Kind: Sendable {
        /// The input is not acceptable (a bad phone number, an empty text, a takeover ending in the past).
        case invalid
        /// The tenant (or what the action names) does not exist.
        case notFound
        /// The action collided with another one; trying again may work.
        case conflict
    }

    /// The kind.
    public var kind: Kind
    /// The reason, for the operator.
    public var reason: String
    /// The reason.
    public var description: String { reason }

    /// Creates an error.
    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }
}
