import Foundation

/// A change to business settings, as the admin API's `PUT /api/v1/settings` and `sauda tenant set` take it: each
/// field given replaces the current value, each field left out keeps it. `model_provider` and `model` given as
/// `null` go back to the installation's; `working_hours` replaces the whole week (a day left out or `null` is closed).
public struct BusinessSettingsChange: Sendable, Hashable, Decodable {
    /// New ``BusinessSettings/description``.
    public var description: String?
    /// New working week, by day name (`monday` … `sunday`); `nil` hours: closed.
    public var workingHours: [String: OpeningHours?]?
    /// New holidays.
    public var holidays: [String]?
    /// New languages.
    public var languages: [String]?
    /// Follow-ups on or off.
    public var followUpsEnabled: Bool?
    /// New follow-up intervals.
    public var followUpIntervals: [Int]?
    /// `.some(nil)`: back to the installation's provider.
    public var modelProvider: String??
    /// `.some(nil)`: back to the installation's model.
    public var model: String??
    /// New prompt overrides (all of them: a prompt left out goes back to its file).
    public var promptOverrides: [String: String]?

    /// Creates a change that changes nothing.
    public init() {}

    private typealias Keys = BusinessSettings.CodingKeys

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        workingHours = try container.decodeIfPresent([String: OpeningHours?].self, forKey: .workingHours)
        holidays = try container.decodeIfPresent([String].self, forKey: .holidays)
        languages = try container.decodeIfPresent([String].self, forKey: .languages)
        followUpsEnabled = try container.decodeIfPresent(Bool.self, forKey: .followUpsEnabled)
        followUpIntervals = try container.decodeIfPresent([Int].self, forKey: .followUpIntervals)
        if container.contains(.modelProvider) { modelProvider = .some(try container.decodeIfPresent(String.self, forKey: .modelProvider)) }
        if container.contains(.model) { model = .some(try container.decodeIfPresent(String.self, forKey: .model)) }
        promptOverrides = try container.decodeIfPresent([String: String].self, forKey: .promptOverrides)
    }

    /// `current` with this change made.
    /// - Throws: ``InvalidBusinessSettings`` when `working_hours` names a day that is not one; the result is
    ///   not otherwise checked (``BusinessSettings/validate(checkingPrompt:)`` does that).
    public func applied(to current: BusinessSettings) throws(InvalidBusinessSettings) -> BusinessSettings {
        var settings = current
        if let description { settings.description = description }
        if let workingHours {
            var week: [Weekday: OpeningHours] = [:]
            var problems: [BusinessSettingsProblem] = []
            for name in workingHours.keys.sorted() {
                guard let day = Weekday(rawValue: name) else {
                    problems.append(BusinessSettingsProblem(field: "working_hours.\(name)",
                                                            reason: "not a day: use monday, tuesday, wednesday, thursday, friday, saturday, sunday"))
                    continue
                }
                if let hours = workingHours[name] ?? nil { week[day] = hours }
            }
            guard problems.isEmpty else { throw InvalidBusinessSettings(problems: problems) }
            settings.workingHours = week
        }
        if let holidays { settings.holidays = holidays.sorted() }
        if let languages { settings.languages = languages }
        if let followUpsEnabled { settings.followUpsEnabled = followUpsEnabled }
        if let followUpIntervals { settings.followUpIntervals = followUpIntervals }
        if let modelProvider { settings.modelProvider = modelProvider }
        if let model { settings.model = model }
        if let promptOverrides { settings.promptOverrides = promptOverrides }
        return settings
    }
}
