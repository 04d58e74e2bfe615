import Foundation

/// Business settings as `sauda tenant set` takes them, each option as written on the command line; ``change()``
/// reads them into a ``BusinessSettingsChange``.
public struct BusinessSettingsOptions: Sendable, Hashable {
    /// `--description`.
    public var description: String?
    /// `--working-hours "mon-fri 10:00-18:00, sat 11:00-16:00"` (``WorkingWeekText``).
    public var workingHours: String?
    /// `--holiday` (repeated): replaces the holidays when not empty.
    public var holidays: [String]
    /// `--no-holidays`: removes every holiday.
    public var clearsHolidays: Bool
    /// `--languages ru,kk`.
    public var languages: String?
    /// `--follow-ups on|off`.
    public var followUps: String?
    /// `--follow-up-intervals 24,72,168,336,720`.
    public var followUpIntervals: String?
    /// `--model-provider gemini|openai|offline|default`.
    public var modelProvider: String?
    /// `--model NAME|default`.
    public var model: String?

    /// Collects the options.
    public init(description: String? = nil, workingHours: String? = nil, holidays: [String] = [], clearsHolidays: Bool = false,
                languages: String? = nil, followUps: String? = nil, followUpIntervals: String? = nil,
                modelProvider: String? = nil, model: String? = nil) {
        self.description = description
        self.workingHours = workingHours
        self.holidays = holidays
        self.clearsHolidays = clearsHolidays
        self.languages = languages
        self.followUps = followUps
        self.followUpIntervals = followUpIntervals
        self.modelProvider = modelProvider
        self.model = model
    }

    /// The change the options ask for (whether the result is valid, ``BusinessSettings/validate(checkingPrompt:)`` says).
    /// - Throws: ``BusinessSettingsProblem`` whose field is the option (`--follow-ups`) that cannot be read.
    public func change() throws(BusinessSettingsProblem) -> BusinessSettingsChange {
        var change = BusinessSettingsChange()
        change.description = description
        if let workingHours {
            do {
                change.workingHours = try WorkingWeekText.parse(workingHours).reduce(into: [:]) { $0[$1.key.rawValue] = $1.value }
            } catch {
                throw BusinessSettingsProblem(field: "--working-hours", reason: error.reason)
            }
        }
        if clearsHolidays { change.holidays = [] } else if !holidays.isEmpty { change.holidays = holidays }
        if let languages { change.languages = Self.list(languages) }
        if let followUps {
            switch followUps.lowercased() {
            case "on", "true", "yes": change.followUpsEnabled = true
            case "off", "false", "no": change.followUpsEnabled = false
            default: throw BusinessSettingsProblem(field: "--follow-ups", reason: "«\(followUps)» is neither on nor off")
            }
        }
        if let followUpIntervals {
            var hours: [Int] = []
            for item in Self.list(followUpIntervals) {
                guard let value = Int(item) else {
                    throw BusinessSettingsProblem(field: "--follow-up-intervals", reason: "«\(item)» is not a whole number of hours")
                }
                hours.append(value)
            }
            change.followUpIntervals = hours
        }
        if let modelProvider { change.modelProvider = .some(modelProvider == "default" ? nil : modelProvider) }
        if let model { change.model = .some(model == "default" ? nil : model) }
        return change
    }

    /// The option that sets a settings field (`working_hours.monday` → `--working-hours`), for messages.
    public static func option(for field: String) -> String {
        let top = field.split(separator: ".").first.map(String.init) ?? field
        switch top {
        case "holidays": return "--holiday"
        case "follow_ups_enabled": return "--follow-ups"
        case "prompt_overrides": return "the stored prompt override \(field.dropFirst(top.count + 1))"
        default: return "--" + top.replacingOccurrences(of: "_", with: "-") + (field.count > top.count ? " (\(field.dropFirst(top.count + 1)))" : "")
        }
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
