import Foundation
import SaudaCore
import Testing

/// Business settings: the installation's defaults, the checks that name each field, the JSON and the calendar.
@Suite struct BusinessSettingsTests {
    static let noPromptProblem: BusinessSettings.PromptCheck = { _, _ in nil }
    static let almaty = TimeZone(identifier: "Asia/Almaty") ?? .gmt

    static func settings(_ change: (inout BusinessSettings) -> Void = { _ in }) -> BusinessSettings {
        var settings = BusinessSettings.installationDefaults(SaudaSettings())
        change(&settings)
        return settings
    }

    @Test func theDefaultsAreTheInstallationsSettings() throws {
        var installation = SaudaSettings()
        installation.workingHoursStart = 9
        installation.workingHoursEnd = 19
        installation.holidays = ["2027-01-01", "2026-12-16"]
        installation.enableFollowUps = false
        installation.followUpIntervals = [1, 2, 3, 4, 5]
        let defaults = BusinessSettings.installationDefaults(installation)
        #expect(defaults.workingHours.keys.sorted() == [.monday, .tuesday, .wednesday, .thursday, .friday])
        #expect(defaults.workingHours[.monday] == OpeningHours(opens: "09:00", closes: "19:00"))
        #expect(defaults.holidays == ["2026-12-16", "2027-01-01"])
        #expect(defaults.followUpsEnabled == false)
        #expect(defaults.followUpIntervals == [1, 2, 3, 4, 5])
        #expect(defaults.languages == ["ru"])
        #expect(defaults.modelProvider == nil && defaults.model == nil && defaults.promptOverrides.isEmpty)
        #expect(defaults.problems(checkingPrompt: Self.noPromptProblem).isEmpty)
        // The same calendar as the installation's.
        let calendar = defaults.calendar(timeZone: installation.timeZone)
        let reference = installation.calendar
        var moment = Date(timeIntervalSince1970: 1_790_000_000)
        for _ in 0..<200 {
            #expect(calendar.isWorkingTime(moment) == reference.isWorkingTime(moment))
            #expect(calendar.nextWorkingTime(from: moment) == reference.nextWorkingTime(from: moment))
            moment.addTimeInterval(3_600 * 7 + 60)
        }
        #expect(calendar.workingSlots(after: moment, count: 30) == reference.workingSlots(after: moment, count: 30))
    }

    @Test func eachProblemNamesItsField() {
        let settings = Self.settings {
            $0.description = String(repeating: "a", count: BusinessSettings.maximumDescriptionLength + 1)
            $0.workingHours[.monday] = OpeningHours(opens: "18:00", closes: "10:00")
            $0.workingHours[.tuesday] = OpeningHours(opens: "9", closes: "18:00")
            $0.workingHours[.wednesday] = OpeningHours(opens: "10:00", closes: "25:00")
            $0.workingHours[.thursday] = OpeningHours(opens: "24:00", closes: "24:00")
            $0.workingHours[.friday] = OpeningHours(opens: "09:30", closes: "09:30")
            $0.workingHours[.saturday] = OpeningHours(opens: "09:30", closes: "13:45")
            $0.holidays = ["2027-02-30", "2027-01-01", "2027-01-01"]
            $0.languages = ["ru", "RU", "kaz", "ru"]
            $0.followUpIntervals = [24, 12]
            $0.modelProvider = "anthropic"
            $0.model = " "
        }
        let problems = settings.problems(checkingPrompt: Self.noPromptProblem)
        #expect(problems.map(\.description) == [
            "description: longer than 2000 characters",
            "working_hours.monday: closes before it opens (18:00–10:00)",
            "working_hours.tuesday: opens «9» is not a time HH:MM",
            "working_hours.wednesday: closes «25:00» is not a time HH:MM",
            "working_hours.thursday: opens «24:00» is the end of the day: open at 23:59 at the latest",
            "working_hours.friday: closes before it opens (09:30–09:30)",
            "holidays: «2027-02-30» is not a date yyyy-MM-dd",
            "holidays: «2027-01-01» is listed twice",
            "languages: «RU» is not a two-letter ISO 639-1 code in lowercase (ru, kk, en)",
            "languages: «kaz» is not a two-letter ISO 639-1 code in lowercase (ru, kk, en)",
            "languages: «ru» is listed twice",
            "follow_up_intervals: expected five increasing positive hour counts such as 24, 72, 168, 336, 720",
            "model_provider: «anthropic» is not a provider: use gemini, openai, offline, or null for the installation's",
            "model: empty: use null for the installation's model",
        ])
        #expect(throws: InvalidBusinessSettings(problems: problems)) { try settings.validate(checkingPrompt: Self.noPromptProblem) }
    }

    @Test func hoursToTheMinuteAreKeptAndCallsAreBookedFromTheOpening() throws {
        let settings = Self.settings {
            $0.workingHours = [.monday: OpeningHours(opens: "09:30", closes: "18:30"), .saturday: OpeningHours(opens: "10:15", closes: "13:45")]
        }
        #expect(settings.problems(checkingPrompt: Self.noPromptProblem).isEmpty)
        let calendar = settings.calendar(timeZone: Self.almaty)
        var local = Calendar(identifier: .gregorian)
        local.timeZone = Self.almaty
        func at(_ day: Int, _ hour: Int, _ minute: Int) throws -> Date {
            try #require(local.date(from: DateComponents(year: 2026, month: 12, day: day, hour: hour, minute: minute)))
        }
        // Monday 7 December 2026: 09:30–18:30.
        #expect(try !calendar.isWorkingTime(at(7, 9, 29)) && calendar.isWorkingTime(at(7, 9, 30)))
        #expect(try calendar.isWorkingTime(at(7, 18, 29)) && !calendar.isWorkingTime(at(7, 18, 30)))
        #expect(calendar.nextWorkingTime(from: try at(7, 8, 0)) == (try at(7, 9, 30)))
        #expect(try calendar.workingSlots(after: at(7, 8, 0), count: 2) == [at(7, 9, 30), at(7, 10, 30)])
        #expect(try calendar.workingSlots(after: at(7, 9, 40), count: 1) == [at(7, 10, 30)])
        // Monday's last call starts at 17:30 and ends by 18:30, so from 18:00 the next are on Saturday from 10:15 (the
        // last one at 12:15: one at 13:15 would run past 13:45), then on Monday at 09:30.
        let saturday = try [at(12, 10, 15), at(12, 11, 15), at(12, 12, 15), at(14, 9, 30), at(14, 10, 30)]
        #expect(calendar.workingSlots(after: try at(7, 18, 0), count: 5) == saturday)
        #expect(calendar.minutes(weekday: 7) == 615..<825)
        #expect(calendar.weekText(separator: "–") == "пн 09:30–18:30, сб 10:15–13:45")
        #expect(WorkingWeekText.format(settings.workingHours) == "mon 09:30-18:30, sat 10:15-13:45")
        #expect(try WorkingWeekText.parse("mon 09:30-18:30, sat 10:15-13:45") == settings.workingHours)
    }

    @Test func aBusinessWithoutWorkingDaysOrLanguagesIsRefused() {
        let problems = Self.settings { $0.workingHours = [:]; $0.languages = [] }.problems(checkingPrompt: Self.noPromptProblem)
        #expect(problems.map(\.field) == ["working_hours", "languages"])
    }

    @Test func promptOverridesGoThroughTheGivenCheckByName() {
        let settings = Self.settings { $0.promptOverrides = ["sales_agent": "Hello {{nope}}", "follow_up": "fine"] }
        let problems = settings.problems { name, template in template.contains("{{nope}}") ? "line 1: unknown placeholder «nope» in \(name)" : nil }
        #expect(problems == [BusinessSettingsProblem(field: "prompt_overrides.sales_agent", reason: "line 1: unknown placeholder «nope» in sales_agent")])
    }

    @Test func theJSONHasSnakeCaseKeysAndComesBackEqual() throws {
        let settings = Self.settings {
            $0.description = "Коврики EVA, Алматы"
            $0.workingHours[.saturday] = OpeningHours(opens: "11:00", closes: "16:00")
            $0.languages = ["ru", "kk"]
            $0.modelProvider = "openai"
            $0.model = "gpt-4o-mini"
            $0.promptOverrides = ["sales_agent": "{{business_name}}"]
        }
        let data = try JSONEncoder().encode(settings)
        let text = String(decoding: data, as: UTF8.self)
        for key in ["\"working_hours\"", "\"follow_ups_enabled\"", "\"follow_up_intervals\"", "\"model_provider\"", "\"prompt_overrides\"",
                    "\"saturday\"", "\"sales_agent\""] {
            #expect(text.contains(key), "\(key) in \(text)")
        }
        #expect(try JSONDecoder().decode(BusinessSettings.self, from: data) == settings)
    }

    @Test func theCalendarKeepsEachDaysHoursAndTheHolidays() throws {
        let settings = Self.settings {
            $0.workingHours = [.monday: OpeningHours(opens: "10:00", closes: "18:00"), .saturday: OpeningHours(opens: "11:00", closes: "16:00")]
            $0.holidays = ["2026-12-07"]
        }
        let calendar = settings.calendar(timeZone: Self.almaty)
        var local = Calendar(identifier: .gregorian)
        local.timeZone = Self.almaty
        func at(_ day: Int, _ hour: Int) throws -> Date {
            try #require(local.date(from: DateComponents(year: 2026, month: 12, day: day, hour: hour)))
        }
        // Saturday 5 December 2026: 11–16.
        #expect(!calendar.isWorkingTime(try at(5, 10)))
        #expect(calendar.isWorkingTime(try at(5, 11)))
        #expect(!calendar.isWorkingTime(try at(5, 16)))
        #expect(calendar.nextWorkingTime(from: try at(5, 9)) == (try at(5, 11)))
        // After Saturday's close the next opening skips Sunday and Monday 7 December (a holiday): Saturday 12, 11:00.
        #expect(calendar.nextWorkingTime(from: try at(5, 17)) == (try at(12, 11)))
        // Monday 14 December 10–18.
        #expect(calendar.nextWorkingTime(from: try at(12, 16)) == (try at(14, 10)))
        #expect(calendar.workingSlots(after: try at(12, 14), count: 3) == [try at(12, 14), try at(12, 15), try at(14, 10)])
        #expect(calendar.minutes(weekday: 7) == 11 * 60..<16 * 60 && calendar.minutes(weekday: 2) == 10 * 60..<18 * 60 && calendar.minutes(weekday: 3) == nil)
    }
}
