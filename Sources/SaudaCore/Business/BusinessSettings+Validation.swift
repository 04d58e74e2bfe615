import Foundation

extension BusinessSettings {
    /// Longest ``description``, in characters.
    public static let maximumDescriptionLength = 2000
    /// Most holidays.
    public static let maximumHolidays = 366
    /// Longest model name.
    public static let maximumModelNameLength = 200
    /// Longest prompt override, in characters.
    public static let maximumPromptLength = 100_000

    /// Checks a prompt override: `nil` when the template is usable, else why not (with its line). The prompt
    /// library gives the check (`PromptLibrary.overrideProblem`), so that an override is checked exactly as a file.
    public typealias PromptCheck = @Sendable (_ name: String, _ template: String) -> String?

    /// Everything wrong with these settings, in field order; empty when they can be used.
    public func problems(checkingPrompt check: PromptCheck) -> [BusinessSettingsProblem] {
        var problems: [BusinessSettingsProblem] = []
        func refuse(_ field: String, _ reason: String) { problems.append(BusinessSettingsProblem(field: field, reason: reason)) }

        if description.count > Self.maximumDescriptionLength {
            refuse("description", "longer than \(Self.maximumDescriptionLength) characters")
        }
        if description.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }) {
            refuse("description", "contains control characters")
        }
        if workingHours.isEmpty { refuse("working_hours", "no working day: open at least one day") }
        for day in workingHours.keys.sorted() {
            guard let hours = workingHours[day] else { continue }
            let field = "working_hours.\(day.rawValue)"
            guard let opens = OpeningHours.clockTime(hours.opens) else {
                refuse(field, "opens «\(hours.opens)» is not a time HH:MM"); continue
            }
            guard let closes = OpeningHours.clockTime(hours.closes) else {
                refuse(field, "closes «\(hours.closes)» is not a time HH:MM"); continue
            }
            if opens.hour == 24 { refuse(field, "opens «\(hours.opens)» is the end of the day: open at 23:59 at the latest"); continue }
            if closes.hour * 60 + closes.minute <= opens.hour * 60 + opens.minute {
                refuse(field, "closes before it opens (\(hours.opens)–\(hours.closes))")
            }
        }
        if holidays.count > Self.maximumHolidays { refuse("holidays", "more than \(Self.maximumHolidays) days") }
        var seenHolidays = Set<String>()
        for day in holidays {
            if !Self.isDay(day) { refuse("holidays", "«\(day)» is not a date yyyy-MM-dd") }
            if !seenHolidays.insert(day).inserted { refuse("holidays", "«\(day)» is listed twice") }
        }
        if languages.isEmpty { refuse("languages", "name at least one language (ru, kk, en)") }
        var seenLanguages = Set<String>()
        for language in languages {
            if !(language.count == 2 && language.allSatisfy({ $0.isASCII && $0.isLowercase })) {
                refuse("languages", "«\(language)» is not a two-letter ISO 639-1 code in lowercase (ru, kk, en)")
            }
            if !seenLanguages.insert(language).inserted { refuse("languages", "«\(language)» is listed twice") }
        }
        if followUpIntervals.count != 5 || followUpIntervals.contains(where: { $0 <= 0 }) || followUpIntervals != followUpIntervals.sorted() {
            refuse("follow_up_intervals", "expected five increasing positive hour counts such as 24, 72, 168, 336, 720")
        } else if followUpIntervals.contains(where: { $0 > 24 * 366 }) {
            refuse("follow_up_intervals", "an interval is longer than a year")
        }
        if let provider = modelProvider, ModelProvider(rawValue: provider) == nil {
            refuse("model_provider", "«\(provider)» is not a provider: use " + ModelProvider.allCases.map(\.rawValue).joined(separator: ", ")
                   + ", or null for the installation's")
        }
        if let model {
            if model.trimmingCharacters(in: .whitespaces).isEmpty { refuse("model", "empty: use null for the installation's model") }
            if model.count > Self.maximumModelNameLength { refuse("model", "longer than \(Self.maximumModelNameLength) characters") }
        }
        for name in promptOverrides.keys.sorted() {
            guard let template = promptOverrides[name] else { continue }
            let field = "prompt_overrides.\(name)"
            if template.count > Self.maximumPromptLength {
                refuse(field, "longer than \(Self.maximumPromptLength) characters"); continue
            }
            if let reason = check(name, template) { refuse(field, reason) }
        }
        return problems
    }

    /// Throws unless the settings can be used.
    /// - Throws: ``InvalidBusinessSettings`` with every problem.
    public func validate(checkingPrompt check: PromptCheck) throws(InvalidBusinessSettings) {
        let problems = problems(checkingPrompt: check)
        guard problems.isEmpty else { throw InvalidBusinessSettings(problems: problems) }
    }

    /// Whether `text` is a real calendar day written `yyyy-MM-dd`.
    static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...lengths[month - 1]).contains(day)
    }
}
