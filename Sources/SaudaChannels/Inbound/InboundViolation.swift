/// Why one inbound event was refused: a field of it is over its limit, of the wrong type, or not in its channel's
/// format (``InboundLimits``). A refused event stores nothing and is never answered.
public struct InboundViolation: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Kinds of violation.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A field is longer than its limit (HTTP 413 when it refuses a whole delivery).
        case tooLarge
        /// A field is missing, of the wrong type or not in its format (HTTP 400 when it refuses a whole delivery).
        case invalid
    }

    /// The kind.
    public var kind: Kind
    /// The provider's name of the field (`id`, `from`, `body`, …).
    public var field: String
    /// What is wrong with it, for the sender and the log (`must be at most 256 characters`).
    public var problem: String
    /// The event's id when it has a usable one, to name the event in the reason.
    public var eventID: String?

    /// Creates a violation.
    public init(_ kind: Kind, field: String, _ problem: String, eventID: String? = nil) {
        self.kind = kind
        self.field = field
        self.problem = problem
        self.eventID = eventID
    }

    /// A short code for counters and the delivery's outcome: `id_too_long`, `invalid_from`, ….
    public var code: String {
        switch kind {
        case .tooLarge: "\(field)_too_long"
        case .invalid: "invalid_\(field)"
        }
    }

    /// The reason for the sender, naming the field and, when it has a usable id, the event.
    public var description: String {
        let event = eventID.map { "event «\($0)»: " } ?? ""
        return "\(event)«\(field)» \(problem)"
    }

    /// The same violation naming its event; the caller makes sure the reason may quote `id` (it keeps
    /// ``InboundLimits/id(_:field:)``: short, of safe characters).
    public func naming(_ id: String) -> InboundViolation {
        var named = self
        named.eventID = id
        return named
    }
}
