import Foundation

/// The day named: «завтра», «послезавтра», «в пятницу», «в следующую среду», «15 октября», «15.10», «ертең».
extension PhraseReader {
    /// A named day: its start, and whether it may slide a week (a weekday named on that very weekday).
    func namedDay() -> (start: Date, flexible: Bool)? {
        func days(_ count: Int) -> Date? {
            let calendar = self.calendar
            return calendar.date(byAdding: .day, value: count, to: calendar.startOfDay(for: now))
        }
        for (index, word) in words.enumerated() {
            switch word {
            case "сегодня", "седня", "today", "бүгін", "бугин": return days(0).map { ($0, false) }
            case "завтра", "завтро", "tomorrow", "tmrw", "tmr", "ертең", "ертен":
                if index > 0, words[index - 1] == "после" { return days(2).map { ($0, false) } }
                return days(1).map { ($0, false) }
            case "послезавтра", "послезавтро", "бүрсігүні", "бурсигуни": return days(2).map { ($0, false) }
            default: break
            }
            if let weekday = Self.weekday(word) {
                let current = calendar.component(.weekday, from: now)
                let ahead = (weekday - current + 7) % 7
                // «в следующую среду», «next Wednesday» said on a Wednesday: a week on, whatever the hour.
                if ahead == 0, index > 0, words[index - 1].hasPrefix("следующ") || words[index - 1] == "next" {
                    return days(7).map { ($0, false) }
                }
                return days(ahead).map { ($0, ahead == 0) }
            }
            if let date = explicitDate(at: index) { return (date, false) }
        }
        return nil
    }

    /// «15 октября», «15.10», «15.10.2026», «October 15».
    private func explicitDate(at index: Int) -> Date? {
        let word = words[index]
        let parts = word.split(separator: ".")
        if parts.count >= 2, parts.count <= 3, let day = Int(parts[0]), let month = Int(parts[1]), parts[0].count <= 2 {
            let year = parts.count == 3 ? Int(parts[2]).map { $0 < 100 ? 2000 + $0 : $0 } : nil
            return nextDate(day: day, month: month, year: year)
        }
        if let day = Int(word), day >= 1, day <= 31, index + 1 < words.count, let month = Self.month(words[index + 1]) {
            return nextDate(day: day, month: month, year: nil)
        }
        if let month = Self.month(word), index + 1 < words.count, let day = Int(words[index + 1]), day >= 1, day <= 31 {
            return nextDate(day: day, month: month, year: nil)
        }
        // «20-го», «20 числа»: that day of this month, or of the next one once it is gone.
        if let day = Int(word), (1...31).contains(day), ["го", "числа"].contains(self.word(at: index + 1)) {
            let calendar = self.calendar
            let month = calendar.component(.month, from: now)
            return nextDate(day: day, month: month, year: calendar.component(.year, from: now))
                ?? nextDate(day: day, month: month % 12 + 1, year: nil)
        }
        return nil
    }

    private func nextDate(day: Int, month: Int, year: Int?) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let calendar = self.calendar
        let currentYear = calendar.component(.year, from: now)
        // A call is booked from today to the end of next year: a day already gone («20.10.10») or years away names no
        // moment to call (the fuzzer found «20.10.10 в 12:00» booked for 2010).
        for candidateYear in year.map({ [$0] }) ?? [currentYear, currentYear + 1] where candidateYear <= currentYear + 1 {
            guard let date = calendar.date(from: DateComponents(year: candidateYear, month: month, day: day)),
                  calendar.component(.day, from: date) == day else { continue }
            if date >= calendar.startOfDay(for: now) { return date }
        }
        return nil
    }
}
