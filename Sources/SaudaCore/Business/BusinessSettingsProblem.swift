import Foundation

/// One thing wrong with business settings, naming the field (`working_hours.monday`, `prompt_overrides.sales_agent`).
public struct BusinessSettingsProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field, as the JSON of the settings names it (dots between levels).
    public var field: String
    /// What is wrong with it.
    public var reason: String

    /// Creates a problem.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// «field: reason».
    public var description: String { "\(field): \(reason)" }
}

/// Business settings that cannot be used: every problem found, in field order.
public struct InvalidBusinessSettings: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, at least one.
    public var problems: [BusinessSettingsProblem]

    /// Creates the error.
    public init(problems: [BusinessSettingsProblem]) { self.problems = problems }

    /// The problems separated by «; ».
    public var description: String { problems.map(\.description).joined(separator: "; ") }
}
