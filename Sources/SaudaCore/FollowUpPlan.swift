import Foundation

/// Why a follow-up chain ended (stored in `follow_ups.stop_reason`, seed 004's values plus the takeover).
public enum FollowUpStopReason: String, Sendable, Codable, CaseIterable {
    /// The client wrote again: the conversation goes on (a new chain starts after the bot's next reply).
    case clientResponded = "client_responded"
    /// The client said yes («Да», «Давайте»).
    case clientSaidYes = "client_said_yes"
    /// The client said no («Нет», «Не интересно»).
    case clientSaidNo = "client_said_no"
    /// All five touches went out.
    case completedFiveTouches = "completed_5_touches"
    /// An operator or the owner took over the chat.
    case humanTakeover = "human_takeover"
    /// The contact turned out not to be a client.
    case notAClient = "not_a_client"
}

/// The follow-up rules of seed 004: when a chain of five touches starts and stops, when each touch is due,
/// and the style of each touch. Pure: the clock and the calendar come in as values.
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

    /// The style of each touch (seed 004): its name and its aim.
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

    /// What a turn does to the contact's chain.
    public enum Change: Sendable, Hashable {
        /// End the chain that runs, if any, for this reason; no new one.
        case stop(FollowUpStopReason)
        /// End the chain that runs (the client wrote) and start a new one after the bot's reply: the client has
        /// not answered it yet, or answered unsure.
        case restart(reason: String)
        /// Leave it as it is.
        case keep
    }

    /// The seed's rules for a turn: a clear yes or no ends the chain; an unsure answer, or any other message
    /// the bot answered, starts a new one from the bot's reply (the chain waits for the client's answer to it);
    /// a message the bot did not answer (not a client, paused) ends the chain that ran.
    public static func change(afterCustomerIntent intent: ReplyIntent, botReplied: Bool) -> Change {
        switch intent {
        case .yes: return .stop(.clientSaidYes)
        case .no: return .stop(.clientSaidNo)
        case .unsure: return botReplied ? .restart(reason: "unsure_answer") : .stop(.clientResponded)
        case .other: return botReplied ? .restart(reason: "no_reply") : .stop(.clientResponded)
        }
    }
}
