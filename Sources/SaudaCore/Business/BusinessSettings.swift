import Foundation

/// What a business (a tenant) sets for itself, stored in the database and edited in the console, the admin API and
/// `sauda tenant set`: how it describes itself, when it works, which languages its agent speaks, its follow-ups, its
/// model and its prompt overrides. The name and the time zone stay on the tenant.
///
/// A business that never saved settings gets ``installationDefaults(_:)``: the installation's environment settings,
/// so that an installation behaves as it did before businesses had settings of their own.
public struct BusinessSettings: Sendable, Codable, Hashable {
    /// A short description of the business for the agent (what it sells, where); may be empty.
    public var description: String
    /// Opening hours per working day; a day without an entry is closed.
    public var workingHours: [Weekday: OpeningHours]
    /// Days off, `yyyy-MM-dd` in the business's time zone, sorted.
    public var holidays: [String]
    /// The languages the agent speaks, ISO 639-1 codes (`ru`, `kk`), the first one preferred.
    public var languages: [String]
    /// Whether the agent follows up customers who went silent.
    public var followUpsEnabled: Bool
    /// Hours after the last message before each of the five follow-up touches, increasing.
    public var followUpIntervals: [Int]
    /// `gemini`, `openai` or `offline`; `nil`: the installation's provider.
    public var modelProvider: String?
    /// The model's name at that provider; `nil`: the installation's model.
    public var model: String?
    /// Prompt templates of this business by prompt name (`sales_agent`, `follow_up`, …), replacing the files.
    public var promptOverrides: [String: String]

    /// Creates settings.
    public init(description: String = "", workingHours: [Weekday: OpeningHours], holidays: [String] = [],
                languages: [String] = ["ru"], followUpsEnabled: Bool = true, followUpIntervals: [Int] = [24, 72, 168, 336, 720],
                modelProvider: String? = nil, model: String? = nil, promptOverrides: [String: String] = [:]) {
        self.description = description
        self.workingHours = workingHours
        self.holidays = holidays
        self.languages = languages
        self.followUpsEnabled = followUpsEnabled
        self.followUpIntervals = followUpIntervals
        self.modelProvider = modelProvider
        self.model = model
        self.promptOverrides = promptOverrides
    }

    enum CodingKeys: String, CodingKey {
        case description, workingHours = "working_hours", holidays, languages, followUpsEnabled = "follow_ups_enabled"
        case followUpIntervals = "follow_up_intervals", modelProvider = "model_provider", model
        case promptOverrides = "prompt_overrides"
    }

    /// The settings of a business that saved none: the installation's working hours (on its working weekdays),
    /// holidays and follow-ups, Russian, the installation's model, the prompt files.
    public static func installationDefaults(_ settings: SaudaSettings) -> BusinessSettings {
        let calendar = settings.calendar
        var hours: [Weekday: OpeningHours] = [:]
        for number in calendar.workingWeekdays {
            guard let day = Weekday(gregorianNumber: number) else { continue }
            hours[day] = OpeningHours(openingMinute: calendar.startMinute, closingMinute: calendar.endMinute)
        }
        return BusinessSettings(workingHours: hours, holidays: calendar.holidays.sorted(), languages: ["ru"],
                                followUpsEnabled: settings.enableFollowUps, followUpIntervals: settings.followUpIntervals)
    }

    /// The installation's model provider this business chose, `nil` when it keeps the installation's.
    public var provider: ModelProvider? { modelProvider.flatMap { ModelProvider(rawValue: $0) } }

    /// The working calendar of this business in `timeZone`: its days, hours and holidays. Days whose hours are not
    /// valid (``problems(checkingPrompt:)`` reports them) count as closed.
    public func calendar(timeZone: TimeZone) -> WorkingCalendar {
        var days: [Int: Range<Int>] = [:]
        for (day, hours) in workingHours {
            guard let opens = hours.openingMinute, let closes = hours.closingMinute, opens < closes else { continue }
            days[day.gregorianNumber] = opens..<closes
        }
        return WorkingCalendar(timeZone: timeZone, minutesByWeekday: days, holidays: Set(holidays))
    }
}
