import Foundation

/// Working hours of a business: calls are booked only inside them (by default 10:00–18:00,
/// Mon–Fri, Asia/Almaty), and follow-up touches due at night wait for the next working morning. Hours are kept to the
/// minute (a business may open at 09:30).
public struct WorkingCalendar: Sendable, Hashable {
    /// The business's time zone.
    public var timeZone: TimeZone {
        get { calendar.timeZone }
        set { calendar.timeZone = newValue }
    }
    /// First working minute of the day (inclusive), 0–1439: 600 is 10:00.
    public var startMinute: Int
    /// Minute of the day at which work ends (exclusive), 1–1440: 1080 is 18:00, 1440 midnight.
    public var endMinute: Int
    /// Working weekdays, 1 = Sunday … 7 = Saturday (Gregorian `weekday`).
    public var workingWeekdays: Set<Int>
    /// Days off on working weekdays, as `yyyy-MM-dd` in the business's time zone.
    public var holidays: Set<String>
    /// Working minutes of each working weekday when they differ by day (a business's own settings); `nil`: every
    /// working weekday works ``startMinute``..<``endMinute``.
    public private(set) var minutesByWeekday: [Int: Range<Int>]?

    /// Creates a calendar of whole hours, the same on each working weekday; by default Mon–Fri.
    /// - Parameters:
    ///   - startHour: first working hour, 0–23.
    ///   - endHour: the hour work ends, 1–24.
    public init(timeZone: TimeZone, startHour: Int, endHour: Int,
                workingWeekdays: Set<Int> = [2, 3, 4, 5, 6], holidays: Set<String> = []) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
        self.startMinute = startHour * 60
        self.endMinute = endHour * 60
        self.workingWeekdays = workingWeekdays
        self.holidays = holidays
        self.minutesByWeekday = nil
    }

    /// Creates a calendar whose working weekdays (1 = Sunday … 7 = Saturday) each have working minutes of their own
    /// (minutes since midnight: `570..<1110` is 09:30–18:30); ``startMinute`` and ``endMinute`` are then the earliest
    /// opening and the latest closing.
    public init(timeZone: TimeZone, minutesByWeekday: [Int: Range<Int>], holidays: Set<String> = []) {
        let days = minutesByWeekday.filter { !$0.value.isEmpty }
        self.init(timeZone: timeZone, startHour: 0, endHour: 0, workingWeekdays: Set(days.keys), holidays: holidays)
        self.startMinute = days.values.map(\.lowerBound).min() ?? 0
        self.endMinute = days.values.map(\.upperBound).max() ?? 0
        self.minutesByWeekday = days
    }

    /// Creates a calendar whose working weekdays each have whole hours of their own (`[7: 11..<16]`: Saturday
    /// 11:00–16:00).
    public init(timeZone: TimeZone, hoursByWeekday: [Int: Range<Int>], holidays: Set<String> = []) {
        self.init(timeZone: timeZone, minutesByWeekday: hoursByWeekday.mapValues { $0.lowerBound * 60..<$0.upperBound * 60 },
                  holidays: holidays)
    }

    /// The working minutes of a weekday (1 = Sunday … 7 = Saturday) since its midnight, `nil` when it is not a
    /// working weekday.
    public func minutes(weekday: Int) -> Range<Int>? {
        guard workingWeekdays.contains(weekday) else { return nil }
        return minutesByWeekday?[weekday] ?? startMinute..<endMinute
    }

    /// A minute of the day written `HH:MM` (`570` → «09:30», `1440` → «24:00»).
    public static func clockText(minute: Int) -> String {
        ZeroPadded.text(minute / 60, width: 2) + ":" + ZeroPadded.text(minute % 60, width: 2)
    }

    /// The wall-clock time of a moment in the business's time zone, `HH:MM`.
    public func clockText(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return Self.clockText(minute: (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    /// The Gregorian calendar in ``timeZone``, made once (each turn asks it many questions).
    private var calendar: Calendar

    /// The `yyyy-MM-dd` day of a moment in the business's time zone.
    public func dayString(_ date: Date) -> String {
        Self.dayString(calendar.dateComponents([.year, .month, .day], from: date))
    }

    private static func dayString(_ parts: DateComponents) -> String {
        "\(ZeroPadded.text(parts.year ?? 0, width: 4))-\(ZeroPadded.text(parts.month ?? 0, width: 2))-\(ZeroPadded.text(parts.day ?? 0, width: 2))"
    }

    /// The working hours as «10:00», `separator`, «18:00».
    public func hoursText(separator: String) -> String {
        Self.clockText(minute: startMinute) + separator + Self.clockText(minute: endMinute)
    }

    /// Whether the day of this moment is a working day (weekday and not a holiday).
    public func isWorkingDay(_ date: Date) -> Bool {
        isWorkingDay(calendar.dateComponents(holidays.isEmpty ? [.weekday] : [.year, .month, .day, .weekday], from: date))
    }

    private func isWorkingDay(_ parts: DateComponents) -> Bool {
        guard let weekday = parts.weekday, workingWeekdays.contains(weekday) else { return false }
        return holidays.isEmpty || !holidays.contains(Self.dayString(parts))
    }

    /// Whether the moment falls inside working hours of a working day.
    public func isWorkingTime(_ date: Date) -> Bool {
        let parts = calendar.dateComponents(holidays.isEmpty ? [.weekday, .hour, .minute] : [.year, .month, .day, .weekday, .hour, .minute],
                                            from: date)
        guard isWorkingDay(parts), let hour = parts.hour, let minute = parts.minute, let weekday = parts.weekday,
              let minutes = minutes(weekday: weekday) else { return false }
        return minutes.contains(hour * 60 + minute)
    }

    /// The moment itself when it is working time, otherwise the start of the next working period.
    public func nextWorkingTime(from date: Date) -> Date {
        if let span = FixedOffsetSpan(calendar: calendar, from: date), let next = nextWorkingTime(from: date, in: span) {
            return next
        }
        return nextWorkingTimeByCalendar(from: date)
    }

    /// The first `count` hour-long slots at or after `date` inside working hours: on each day they start at its opening
    /// and follow each other by the hour (10:00, 11:00, …; 09:30, 10:30, … for a day that opens at 09:30), the last one
    /// ending by the day's closing (16:30 for a day that closes at 18:00).
    public func workingSlots(after date: Date, count: Int) -> [Date] {
        // Whole seconds first: a slot starts on a minute, never 10:00 and a fraction of a second.
        let start = Date(timeIntervalSinceReferenceDate: date.timeIntervalSinceReferenceDate.rounded(.down))
        if let span = FixedOffsetSpan(calendar: calendar, from: start), let slots = workingSlots(after: start, count: count, in: span) {
            return slots
        }
        return workingSlotsByCalendar(after: start, count: count)
    }

    /// ``nextWorkingTime(from:)`` by wall-clock arithmetic, or `nil` when the answer lies beyond the span.
    private func nextWorkingTime(from date: Date, in span: FixedOffsetSpan) -> Date? {
        let local = span.localSeconds(date)
        let day = FixedOffsetSpan.floorDivision(local, 86_400)
        let minute = (local - day * 86_400) / 60
        let today = isWorkingDay(localDay: day) ? minutes(localDay: day) : nil
        if let today, today.contains(minute) { return date }
        var answer: Date?
        if let today, minute < today.lowerBound {
            answer = span.instant(localDay: day, minute: today.lowerBound)
        } else {
            for next in (day + 1)...(day + FixedOffsetSpan.days) where isWorkingDay(localDay: next) {
                guard let opening = minutes(localDay: next)?.lowerBound else { continue }
                answer = span.instant(localDay: next, minute: opening)
                break
            }
        }
        guard let answer, answer <= span.end else { return nil }
        return answer
    }

    /// ``workingSlots(after:count:)`` by wall-clock arithmetic, or `nil` when a slot lies beyond the span.
    private func workingSlots(after start: Date, count: Int, in span: FixedOffsetSpan) -> [Date]? {
        guard var candidate = nextWorkingTime(from: start, in: span) else { return nil }
        let local = span.localSeconds(candidate)
        let day = FixedOffsetSpan.floorDivision(local, 86_400)
        let opening = minutes(localDay: day)?.lowerBound ?? 0
        let intoSlot = FixedOffsetSpan.floorModulo(local - day * 86_400 - opening * 60, 3_600)
        if intoSlot != 0 { candidate = candidate.addingTimeInterval(TimeInterval(3_600 - intoSlot)) }
        var slots: [Date] = []
        slots.reserveCapacity(max(0, count))
        var guardCounter = 0
        while slots.count < count, guardCounter < 24 * 40 {
            guardCounter += 1
            guard let next = nextWorkingTime(from: candidate, in: span) else { return nil }
            let local = span.localSeconds(next)
            let day = FixedOffsetSpan.floorDivision(local, 86_400)
            let minute = (local - day * 86_400) / 60
            let closing = minutes(localDay: day)?.upperBound ?? 0
            if minute + 60 > closing {
                // A call starting here would run past the day's closing: the next one is on the next working day.
                candidate = span.instant(localDay: day, minute: closing)
                continue
            }
            slots.append(next)
            candidate = next.addingTimeInterval(3600)
        }
        return slots
    }

    /// The working minutes of a day (days since 1970-01-01 in the business's time zone) by its weekday.
    private func minutes(localDay day: Int) -> Range<Int>? {
        minutes(weekday: FixedOffsetSpan.floorModulo(day + 4, 7) + 1)
    }

    /// Whether a day (days since 1970-01-01 in the business's time zone) is a working day.
    private func isWorkingDay(localDay day: Int) -> Bool {
        // 1970-01-01 was a Thursday: Gregorian weekday 5.
        let weekday = FixedOffsetSpan.floorModulo(day + 4, 7) + 1
        guard workingWeekdays.contains(weekday) else { return false }
        return holidays.isEmpty || !holidays.contains(FixedOffsetSpan.dayString(localDay: day))
    }

    /// ``nextWorkingTime(from:)`` through Foundation's calendar, for spans in which the zone's offset changes.
    func nextWorkingTimeByCalendar(from date: Date) -> Date {
        if isWorkingTime(date) { return date }
        let cal = calendar
        var day = cal.startOfDay(for: date)
        if isWorkingDay(date), let today = minutes(weekday: cal.component(.weekday, from: date)),
           minuteOfDay(date) < today.lowerBound {
            return opening(of: day, at: today.lowerBound) ?? date
        }
        for _ in 0..<370 {
            guard let next = cal.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
            if isWorkingDay(day), let minutes = minutes(weekday: cal.component(.weekday, from: day)),
               let opening = opening(of: day, at: minutes.lowerBound) {
                return opening
            }
        }
        return date
    }

    /// ``workingSlots(after:count:)`` through Foundation's calendar; `start` is in whole seconds.
    func workingSlotsByCalendar(after start: Date, count: Int) -> [Date] {
        var slots: [Date] = []
        let cal = calendar
        var candidate = nextWorkingTimeByCalendar(from: start)
        let opening = minutes(weekday: cal.component(.weekday, from: candidate))?.lowerBound ?? 0
        let intoSlot = ((minuteOfDay(candidate) - opening) * 60 + cal.component(.second, from: candidate)) % 3_600
        if intoSlot > 0 {
            candidate = cal.date(byAdding: .second, value: 3_600 - intoSlot, to: candidate) ?? candidate
        }
        var guardCounter = 0
        while slots.count < count, guardCounter < 24 * 40 {
            guardCounter += 1
            let next = nextWorkingTimeByCalendar(from: candidate)
            let minute = minuteOfDay(next)
            let closing = minutes(weekday: cal.component(.weekday, from: next))?.upperBound ?? 0
            if minute + 60 > closing {
                let day = cal.startOfDay(for: next)
                candidate = (closing >= 1_440 ? cal.date(byAdding: .day, value: 1, to: day) : self.opening(of: day, at: closing))
                    ?? next.addingTimeInterval(TimeInterval((closing - minute) * 60))
                continue
            }
            slots.append(next)
            candidate = next.addingTimeInterval(3600)
        }
        return slots
    }

    /// The minute of the day of a moment in the business's time zone.
    private func minuteOfDay(_ date: Date) -> Int {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }

    /// The moment a day (its start) reaches `minute` on the wall clock.
    private func opening(of day: Date, at minute: Int) -> Date? {
        calendar.date(bySettingHour: minute / 60, minute: minute % 60, second: 0, of: day)
    }

    private static let russianMonths = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                                        "сентября", "октября", "ноября", "декабря"]
    private static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                                        "September", "October", "November", "December"]

    /// Formats a moment for the client: «15 октября в 14:30» or «15 October at 14:30».
    public func formatForClient(_ date: Date, language: TextLanguage = .russian) -> String {
        let parts = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        let (day, month, time) = Self.dayMonthTime(parts, language: language)
        switch language {
        case .russian: return "\(day) \(month) в \(time)"
        case .english: return "\(day) \(month) at \(time)"
        }
    }

    /// Formats a moment with its year, as a conversation's history shows it: «15 октября 2026, 14:30».
    public func formatWithYear(_ date: Date, language: TextLanguage = .russian) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let (day, month, time) = Self.dayMonthTime(parts, language: language)
        return "\(day) \(month) \(parts.year ?? 0), \(time)"
    }

    private static func dayMonthTime(_ parts: DateComponents, language: TextLanguage) -> (day: Int, month: String, time: String) {
        let monthIndex = max(0, min(11, (parts.month ?? 1) - 1))
        let hour = parts.hour ?? 0, minute = parts.minute ?? 0
        let time = ZeroPadded.text(hour, width: 2) + ":" + ZeroPadded.text(minute, width: 2)
        return (parts.day ?? 1, language == .russian ? russianMonths[monthIndex] : englishMonths[monthIndex], time)
    }
}
