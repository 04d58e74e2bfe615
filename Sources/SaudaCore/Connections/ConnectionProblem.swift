/// One field of a connection's settings that breaks its rule: the field as the admin API names it (`profile_id`) and
/// why («must be 1 to 3600»).
public struct ConnectionProblem: Sendable, Hashable, CustomStringConvertible {
    /// The field, as the admin API and its JSON name it.
    public var field: String
    /// Why the value is refused.
    public var reason: String

    /// Creates a problem.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// `field «profile_id» must be …`.
    public var description: String { "field «\(field)» \(reason)" }
}

/// A connection's settings refused, with every problem named by its field.
public struct InvalidConnection: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every problem found, in the order of the fields.
    public var problems: [ConnectionProblem]

    /// Creates the refusal.
    public init(_ problems: [ConnectionProblem]) { self.problems = problems }

    /// The problems joined with `; `.
    public var description: String { problems.map(\.description).joined(separator: "; ") }
}
