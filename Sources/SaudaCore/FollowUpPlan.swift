import Foundation

/// The follow-up plan (docs/follow-ups.md): when each touch of a chain of five is due, and the style of each touch
/// (what starts and stops a chain is ``FollowUpPolicy``). Pure: the clock and the calendar come in as values.
public struct FollowUpPlan: Sendable, Hashable {
    /// Hours before each touch, each counted from the message before it (the bot's unanswered reply for the
    /// first touch, the previous touch for the others): `FOLLOW_UP_INTERVALS`, 24,72,168,336,720 by default.
    public var intervals: [Int]
    /// Working hours: a touch that falls outside them waits for the next working morning.
    public var calendar: WorkingCalendar

    /// A plan with the given intervals (five of them) and calendar.
    public init(intervals: [Int], calendar: WorkingCalendar) {
        self.intervals = intervals
        self.calendar = calendar
    }

    /// Touches in a chain.
    public static let touches = 5

    /// The style of each touch, as the follow-up prompt (`Prompts/follow_up.mustache`) names it: its name and its aim.
    public static let styles: [(name: String, aim: String)] = [
        ("Дружелюбное напоминание", "Вернуть внимание к разговору"),
        ("Ценностное предложение", "Показать конкретную выгоду"),
        ("Социальное доказательство", "Показать, что другие выбрали нас"),
        ("Последний шанс с ограничением", "Мягко напомнить, что решение стоит принять сейчас"),
        ("Прощальное сообщение", "Красиво закрыть и оставить дверь открытой"),
    ]

    /// When touch `number` (1–5) is due, counted from `previous`: the interval later, moved to the next
    /// working moment when it falls at night, on a weekend or a holiday in the tenant's time zone.
    public func dueTime(touch number: Int, after previous: Date) -> Date {
        let hours = intervals[max(0, min(intervals.count - 1, number - 1))]
        return calendar.nextWorkingTime(from: previous.addingTimeInterval(TimeInterval(hours) * 3600))
    }
}
