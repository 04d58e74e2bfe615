import Foundation

/// A stretch of time from a moment on in which a time zone keeps one offset from UTC, so that wall-clock questions
/// (which day, which hour, when does 10:00 of that day begin) are arithmetic instead of calls into Foundation's
/// calendar.
///
/// ``WorkingCalendar`` answers through it when it can: each turn asks for call slots, and the calendar's answers
/// (ten or so calls into Foundation's Gregorian calendar, each taking the time zone's lock) were 3 % of the pipeline
/// benchmark's CPU time. Where the offset changes within the span (daylight saving time), the calendar answers
/// through Foundation as before; `WorkingCalendarTests` compares both ways across zones with and without it.
struct FixedOffsetSpan {
    /// Days after the start the span covers (a working week and its weekend, and a day more for the slots).
    static let days = 8

    /// Seconds east of UTC throughout the span.
    let offset: Int
    /// The last moment the span covers.
    let end: Date

    /// The span from `date`, or `nil` when the zone's offset changes within ``days`` plus a day.
    init?(calendar: Calendar, from date: Date) {
        let zone = calendar.timeZone
        let end = date.addingTimeInterval(TimeInterval((Self.days + 1) * 86_400))
        let offset = zone.secondsFromGMT(for: date)
        guard zone.secondsFromGMT(for: end) == offset else { return nil }
        if let transition = zone.nextDaylightSavingTimeTransition(after: date), transition <= end { return nil }
        self.offset = offset
        self.end = end
    }

    /// Whole seconds since 1970-01-01 00:00 on the zone's wall clock (rounded down, as the calendar's components are).
    func localSeconds(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 + TimeInterval(offset)).rounded(.down))
    }

    /// The moment the wall clock shows a minute of a day (`minute` since its midnight; days since 1970-01-01 on the
    /// wall clock).
    func instant(localDay day: Int, minute: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(day * 86_400 + minute * 60 - offset))
    }

    /// Division rounding towards minus infinity.
    static func floorDivision(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// The remainder of ``floorDivision(_:_:)``, never negative for a positive divisor.
    static func floorModulo(_ value: Int, _ divisor: Int) -> Int {
        value - floorDivision(value, divisor) * divisor
    }

    /// `yyyy-MM-dd` of a day counted from 1970-01-01 (proleptic Gregorian; H. Hinnant's `civil_from_days`).
    static func dayString(localDay day: Int) -> String {
        let shifted = day + 719_468
        let era = floorDivision(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return "\(ZeroPadded.text(year, width: 4))-\(ZeroPadded.text(month, width: 2))-\(ZeroPadded.text(dayOfMonth, width: 2))"
    }
}
