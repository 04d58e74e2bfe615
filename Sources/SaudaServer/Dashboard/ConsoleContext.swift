import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// What every console page knows about its request: who is looking, in which language, in which time zone.
struct ConsoleContext: Sendable {
    /// The signed-in token's tenant, role and name.
    let principal: Principal
    /// The interface language.
    let language: ConsoleLanguage
    /// The installation's time zone (times are shown in it).
    let timeZone: TimeZone
    /// The path and query of the page, for the language switch.
    let path: String

    /// A string of the interface in the page's language.
    func t(_ key: ConsoleText) -> String { key.text(language) }

    /// A string with its `%@` placeholders filled in order.
    func t(_ key: ConsoleText, _ values: String...) -> String { Self.filling(key.text(language), with: values) }

    /// `text` with its `%@` placeholders filled with `values` in order.
    static func filling(_ text: String, with values: [String]) -> String {
        var text = text
        for value in values {
            guard let range = text.range(of: "%@") else { break }
            text.replaceSubrange(range, with: value)
        }
        return text
    }

    /// Whether the viewer may do what needs `role`.
    func may(_ role: AccessRole) -> Bool { principal.role >= role }

    private func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = language.locale
        formatter.timeZone = timeZone
        formatter.setLocalizedDateFormatFromTemplate(pattern)
        return formatter.string(from: date)
    }

    /// `14:05`.
    func time(_ date: Date) -> String { format(date, "HH:mm") }
    /// `23 нояб., 14:05`.
    func dateTime(_ date: Date) -> String { format(date, "d MMM HH:mm") }
    /// `понедельник, 23 ноября`.
    func day(_ date: Date) -> String { format(date, "EEEE d MMMM") }
    /// A short day: `пн, 23 нояб.`.
    func shortDay(_ date: Date) -> String { format(date, "EEE d MMM") }

    /// A calendar in the installation's time zone.
    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        return calendar
    }

    /// "5 мин назад" for recent moments, else the date and time.
    func relative(_ date: Date, now: Date = Date()) -> String {
        let seconds = now.timeIntervalSince(date)
        if seconds < 60 { return t(.justNow) }
        if seconds < 3600 { return t(.minutesAgo, String(Int(seconds / 60))) }
        if calendar.isDate(date, inSameDayAs: now) { return time(date) }
        return dateTime(date)
    }

    /// A number with thin grouping: `12 345`.
    func number(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0 { grouped.append("\u{202F}") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + String(grouped.reversed())
    }
}
