import Foundation
@testable import SaudaCore
import SaudaTestSupport
import Testing

/// The working calendar answers by wall-clock arithmetic where the time zone keeps its offset; these tests hold it
/// to the answers of Foundation's calendar (the way it answered before) across zones, hours and minutes, weekdays and
/// holidays.
@Suite struct WorkingCalendarArithmeticTests {
    static let zones = ["Asia/Almaty", "Europe/Moscow", "Asia/Kathmandu", "Asia/Kolkata", "Europe/Berlin", "America/New_York",
                        "Australia/Lord_Howe", "America/St_Johns", "Pacific/Chatham", "UTC"]

    @Test(arguments: zones)
    func slotsAndNextWorkingTimesMatchFoundationsCalendar(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        var random = SplitMix(state: zone.utf8.reduce(UInt64(17)) { $0 &* 31 &+ UInt64($1) })
        // 2024-01-01 … 2028-01-01, with moments an hour either side of the zone's offset changes added.
        let from = Date(timeIntervalSince1970: 1_704_067_200), until = Date(timeIntervalSince1970: 1_830_297_600)
        var moments: [Date] = (0..<400).map { _ in
            Date(timeIntervalSince1970: Double.random(in: from.timeIntervalSince1970..<until.timeIntervalSince1970, using: &random))
        }
        var cursor = from
        while let transition = timeZone.nextDaylightSavingTimeTransition(after: cursor), transition < until {
            for shift in stride(from: -9 * 86_400.0, through: 3_600, by: 5_400) { moments.append(transition.addingTimeInterval(shift)) }
            cursor = transition
        }
        for (index, moment) in moments.enumerated() {
            let start = Int.random(in: 0...20, using: &random)
            let end = Int.random(in: (start + 1)...24, using: &random)
            var weekdays = Set((1...7).filter { _ in Bool.random(using: &random) })
            if index % 3 == 0 { weekdays = [2, 3, 4, 5, 6] }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let holidays: Set<String> = index % 4 == 0
                ? Set((1...3).map { day in
                    let parts = calendar.dateComponents([.year, .month, .day], from: moment.addingTimeInterval(Double(day) * 86_400))
                    return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
                })
                : []
            // Every other calendar opens and closes on minutes of its own each day (09:45–18:30), as a business's may.
            let minutes: [Int: Range<Int>] = Dictionary(uniqueKeysWithValues: weekdays.map { day in
                let opening = Int.random(in: 0...88, using: &random) * 15 + Int.random(in: 0...1, using: &random) * 7
                return (day, opening..<Int.random(in: (opening + 1)...1_440, using: &random))
            })
            let working = index % 2 == 0
                ? WorkingCalendar(timeZone: timeZone, startHour: start, endHour: end, workingWeekdays: weekdays, holidays: holidays)
                : WorkingCalendar(timeZone: timeZone, minutesByWeekday: minutes, holidays: holidays)
            let context = "\(zone) \(moment) \(index % 2 == 0 ? "\(start)–\(end)" : "\(minutes.sorted { $0.key < $1.key })") \(weekdays.sorted()) \(holidays.sorted())"
            #expect(working.nextWorkingTime(from: moment) == working.nextWorkingTimeByCalendar(from: moment), "\(context)")
            let whole = Date(timeIntervalSinceReferenceDate: moment.timeIntervalSinceReferenceDate.rounded(.down))
            #expect(working.workingSlots(after: moment, count: 3) == working.workingSlotsByCalendar(after: whole, count: 3), "\(context)")
        }
    }

    /// Minute openings across Berlin's spring change (Sunday 29 March 2026, 02:00 CET → 03:00 CEST), with the answers
    /// written out in UTC: a Sunday 01:30–05:00 offers 01:30 CET, then 03:30 CEST (an hour later), and no 04:30, which
    /// would run past 05:00; a Sunday opening at 02:30, an hour that does not exist that day, still offers calls inside
    /// its hours, in order.
    @Test func minuteOpeningsAcrossADaylightSavingChange() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        func utc(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }
        let early = WorkingCalendar(timeZone: berlin, minutesByWeekday: [1: 90..<300])
        let saturdayEvening = try utc("2026-03-28T19:00:00Z")
        #expect(early.nextWorkingTime(from: saturdayEvening) == (try utc("2026-03-29T00:30:00Z")))
        #expect(early.workingSlots(after: saturdayEvening, count: 3)
            == [try utc("2026-03-29T00:30:00Z"), try utc("2026-03-29T01:30:00Z"), try utc("2026-04-04T23:30:00Z")])

        let skipped = WorkingCalendar(timeZone: berlin, minutesByWeekday: [1: 150..<300])
        let slots = skipped.workingSlots(after: saturdayEvening, count: 4)
        #expect(slots.count == 4 && slots == slots.sorted())
        for slot in slots {
            #expect(skipped.isWorkingTime(slot), "\(slot)")
            #expect(skipped.isWorkingTime(slot.addingTimeInterval(59 * 60)), "\(slot) runs past closing")
        }
    }

    @Test func dayStringsMatchTheCalendarsDays() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        // From 1586 (Foundation's Gregorian calendar is Julian before October 1582) to about 4160.
        for day in Array(stride(from: -140_000, through: 800_000, by: 997)) + [-1, 0, 1, 59, 60, 365, 10_956, 11_016, 20_000] {
            let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(day) * 86_400))
            let expected = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            #expect(FixedOffsetSpan.dayString(localDay: day) == expected, "day \(day)")
        }
        #expect(FixedOffsetSpan.floorDivision(-1, 86_400) == -1 && FixedOffsetSpan.floorModulo(-1, 7) == 6)
    }

    @Test func hoursAndTimesArePaddedAsStringFormatPadsThem() throws {
        let zone = try #require(TimeZone(identifier: "UTC"))
        for start in 0...23 {
            let calendar = WorkingCalendar(timeZone: zone, startHour: start, endHour: start + 1)
            #expect(calendar.hoursText(separator: " до ") == String(format: "%02d:00 до %02d:00", start, start + 1))
        }
        for value in [0, 7, 10, 99, 123, 2026, 12345, -5] {
            #expect(ZeroPadded.text(value, width: 2) == String(format: "%02d", value), "\(value)")
            #expect(ZeroPadded.text(value, width: 4) == String(format: "%04d", value), "\(value)")
        }
        let calendar = WorkingCalendar(timeZone: zone, startHour: 10, endHour: 18)
        let midnight: TimeInterval = 1_789_948_800  // 2026-09-21 00:00 UTC
        #expect(calendar.formatForClient(Date(timeIntervalSince1970: midnight + 9 * 3_600 + 5 * 60)) == "21 сентября в 09:05")
    }
}
