import Foundation
import SaudaCore
import Testing

/// The written working week and the command-line options of business settings.
@Suite struct BusinessSettingsTextTests {
    @Test func aWrittenWeekIsReadAndWrittenBackTheSame() throws {
        let week = try WorkingWeekText.parse("mon-fri 10:00-18:00, sat 11:00–16:00")
        #expect(week.count == 6)
        #expect(week[.wednesday] == OpeningHours(opens: "10:00", closes: "18:00"))
        #expect(week[.saturday] == OpeningHours(opens: "11:00", closes: "16:00"))
        #expect(week[.sunday] == nil)
        #expect(WorkingWeekText.format(week) == "mon-fri 10:00-18:00, sat 11:00-16:00")
        #expect(WorkingWeekText.format(try WorkingWeekText.parse("Monday 09:00-13:00,wed 09:00-13:00")) == "mon 09:00-13:00, wed 09:00-13:00")
        #expect(WorkingWeekText.format([:]) == "closed")
    }

    @Test func anUnreadableWeekNamesTheGroup() {
        let cases: [(String, String)] = [
            ("", "empty: write days and hours such as «mon-fri 10:00-18:00»"),
            ("mon-fri", "«mon-fri» is not days and hours such as «mon-fri 10:00-18:00»"),
            ("fri-mon 10:00-18:00", "«fri-mon» in «fri-mon 10:00-18:00» runs backwards: write the days Monday first, such as mon-fri"),
            ("mon-fri 10:00", "«10:00» in «mon-fri 10:00» is not hours such as 10:00-18:00"),
            ("mon-fri 10:00-18:00, fri 11:00-12:00", "friday is given twice"),
            ("moon 10:00-18:00", "«moon» in «moon 10:00-18:00» is not a day: use mon, tue, wed, thu, fri, sat, sun"),
        ]
        for (text, reason) in cases {
            #expect(throws: BusinessSettingsProblem(field: "working_hours", reason: reason), "\(text)") { try WorkingWeekText.parse(text) }
        }
    }

    @Test func optionsBecomeAChangeThatKeepsWhatTheyLeaveOut() throws {
        let current = BusinessSettings.installationDefaults(SaudaSettings())
        let change = try BusinessSettingsOptions(workingHours: "sat 11:00-16:00", holidays: ["2027-01-02", "2027-01-01"], languages: "ru, kk",
                                                 followUps: "off", followUpIntervals: "1,2,3,4,5", modelProvider: "openai").change()
        let changed = try change.applied(to: current)
        #expect(changed.workingHours == [.saturday: OpeningHours(opens: "11:00", closes: "16:00")])
        #expect(changed.holidays == ["2027-01-01", "2027-01-02"])
        #expect(changed.languages == ["ru", "kk"])
        #expect(!changed.followUpsEnabled && changed.followUpIntervals == [1, 2, 3, 4, 5])
        #expect(changed.modelProvider == "openai" && changed.model == nil)
        #expect(changed.description == current.description)

        var withModel = changed
        withModel.model = "m"
        let back = try BusinessSettingsOptions(clearsHolidays: true, modelProvider: "default", model: "default").change().applied(to: withModel)
        #expect(back.modelProvider == nil && back.model == nil && back.holidays.isEmpty && back.languages == ["ru", "kk"])
    }

    @Test func anUnreadableOptionIsNamed() {
        #expect(throws: BusinessSettingsProblem(field: "--follow-ups", reason: "«maybe» is neither on nor off")) {
            try BusinessSettingsOptions(followUps: "maybe").change()
        }
        #expect(throws: BusinessSettingsProblem(field: "--follow-up-intervals", reason: "«x» is not a whole number of hours")) {
            try BusinessSettingsOptions(followUpIntervals: "24,x").change()
        }
        #expect(BusinessSettingsOptions.option(for: "working_hours.monday") == "--working-hours (monday)")
        #expect(BusinessSettingsOptions.option(for: "holidays") == "--holiday")
        #expect(BusinessSettingsOptions.option(for: "follow_up_intervals") == "--follow-up-intervals")
    }
}

/// The working hours as the sales prompt and the booking tool write them.
@Suite struct WorkingCalendarWeekTextTests {
    @Test func mondayToFridayWithTheSameHoursIsWrittenAsBefore() {
        let calendar = WorkingCalendar(timeZone: .gmt, startHour: 10, endHour: 18)
        #expect(calendar.weekText(separator: " - ") == "10:00 - 18:00")
        let same = WorkingCalendar(timeZone: .gmt, hoursByWeekday: [2: 10..<18, 3: 10..<18, 4: 10..<18, 5: 10..<18, 6: 10..<18])
        #expect(same.weekText(separator: " - ") == "10:00 - 18:00")
    }

    @Test func otherWeeksNameTheirDays() {
        let week = WorkingCalendar(timeZone: .gmt, hoursByWeekday: [2: 10..<18, 3: 10..<18, 4: 10..<18, 5: 10..<18, 6: 10..<18, 7: 11..<16])
        #expect(week.weekText(separator: " - ") == "пн–пт 10:00 - 18:00, сб 11:00 - 16:00")
        #expect(WorkingCalendar(timeZone: .gmt, hoursByWeekday: [7: 11..<16]).weekText(separator: "–") == "сб 11:00–16:00")
        #expect(WorkingCalendar(timeZone: .gmt, hoursByWeekday: [2: 9..<13, 4: 9..<13, 1: 12..<15]).weekText(separator: "–")
                == "пн 09:00–13:00, ср 09:00–13:00, вс 12:00–15:00")
    }
}
