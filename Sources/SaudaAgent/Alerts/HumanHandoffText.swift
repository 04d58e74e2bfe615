import Foundation
import SaudaCore

/// The one place of the words that hand a conversation to a person: what tells a customer who asked for a person
/// when one will answer, and the replies that leave an answer to a person (which raise an alert).
public enum HumanHandoffText {
    /// How soon a manager answers within working hours, in minutes.
    public static let answerMinutes = 15

    /// When a manager will answer a customer who wrote at `now`: «Менеджер ответит Вам в течение 15 минут.» within
    /// working hours, otherwise the next working morning («… сегодня с 10:00», «… завтра с 10:00», «… в понедельник с
    /// 10:00»; a day further away by its date).
    public static func promise(at now: Date, calendar: WorkingCalendar, language: TextLanguage) -> String {
        let when = when(at: now, calendar: calendar, language: language)
        return language == .russian ? "Менеджер ответит Вам \(when)." : "A manager will answer you \(when)."
    }

    /// When a person answers, as a reply ends the sentence: «в течение 15 минут», «завтра с 10:00» (the order funnel's
    /// replies use it too).
    public static func when(at now: Date, calendar: WorkingCalendar, language: TextLanguage) -> String {
        let ru = language == .russian
        if calendar.isWorkingTime(now) { return ru ? "в течение \(answerMinutes) минут" : "within \(answerMinutes) minutes" }
        let next = calendar.nextWorkingTime(from: now)
        let hour = calendar.clockText(next)
        let day = dayText(next, from: now, calendar: calendar, russian: ru)
        return ru ? "\(day) с \(hour)" : "\(day) from \(hour)"
    }

    /// «сегодня», «завтра», «в понедельник» (within a week) or «12.01» (further), for the day of `date`.
    static func dayText(_ date: Date, from now: Date, calendar: WorkingCalendar, russian: Bool) -> String {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        let days = gregorian.dateComponents([.day], from: gregorian.startOfDay(for: now), to: gregorian.startOfDay(for: date)).day ?? 0
        if days <= 0 { return russian ? "сегодня" : "today" }
        if days == 1 { return russian ? "завтра" : "tomorrow" }
        if days < 7 {
            let weekday = gregorian.component(.weekday, from: date)
            let ru = ["в воскресенье", "в понедельник", "во вторник", "в среду", "в четверг", "в пятницу", "в субботу"]
            let en = ["on Sunday", "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday"]
            return (russian ? ru : en)[(weekday - 1) % 7]
        }
        let parts = gregorian.dateComponents([.day, .month], from: date)
        let text = [parts.day ?? 1, parts.month ?? 1].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ".")
        return russian ? text : "on " + text
    }

    /// Phrases of a reply that already tells when a person answers.
    static let promisePhrases = ["менеджер ответит", "оператор ответит", "менеджер свяжется", "оператор свяжется",
                                 "manager will answer", "manager will reply", "manager will get back"]

    /// Whether `reply` already tells the customer that a person will answer.
    public static func promises(_ reply: String) -> Bool {
        let text = TextAnalysis.normalize(reply)
        return promisePhrases.contains { text.contains($0) }
    }

    /// `reply` with the promise of ``promise(at:calendar:language:)`` added, unless it already says it.
    public static func withPromise(_ reply: String, at now: Date, calendar: WorkingCalendar, language: TextLanguage) -> String {
        guard !promises(reply) else { return reply }
        let promise = promise(at: now, calendar: calendar, language: language)
        return reply.isEmpty ? promise : reply + " " + promise
    }

    /// Phrases of a reply that leaves the answer to a person: the offline rules' «уточню у менеджера» and the price
    /// fallback of ``ReplyStyle``.
    static let deferralPhrases = ["уточню у менеджера", "уточню у коллег", "уточню и сразу сообщу", "check this with a manager",
                                  "check with a manager", "check with my colleagues"]

    /// Whether `reply` leaves the answer to a person.
    public static func defers(_ reply: String) -> Bool {
        let text = TextAnalysis.normalize(reply)
        return deferralPhrases.contains { text.contains($0) }
    }
}
