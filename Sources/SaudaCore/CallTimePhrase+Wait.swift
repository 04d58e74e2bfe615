import Foundation

/// A wait named instead of a moment: «через два часа», «минут через 20», «через 1,5 часа», «in a couple of hours».
extension PhraseReader {
    /// The unit of a wait.
    enum WaitUnit {
        case minute, hour, day, week, month

        /// The unit a word names: «минут», «часика», «дня», «недели», «месяц», «hours».
        init?(_ word: String) {
            if word.hasPrefix("мин") || word.hasPrefix("minute") || word == "min" || word == "mins" {
                self = .minute
            } else if word.hasPrefix("час") || word.hasPrefix("hour") || word == "hr" || word == "hrs" || word.hasPrefix("сағат") {
                self = .hour
            } else if word.hasPrefix("дн") || word.hasPrefix("ден") || word.hasPrefix("day") || word.hasPrefix("күн") {
                self = .day
            } else if word.hasPrefix("недел") || word.hasPrefix("week") {
                self = .week
            } else if word.hasPrefix("месяц") || word.hasPrefix("month") {
                self = .month
            } else {
                return nil
            }
        }
    }

    func relativeMoment() -> CallTimePhrase? {
        if let kazakh = kazakhWait() { return kazakh }
        for (index, word) in words.enumerated() where word == "через" || word == "in" {
            var position = index + 1
            let next = self.word(at: position)
            if next.hasPrefix("полчас") || next == "half" || (next == "пол" && self.word(at: position + 1).hasPrefix("час")) {
                return CallTimePhrase(date: now.addingTimeInterval(1800), hasTime: true)
            }
            // «через полтора часа»: an hour and a half.
            if ["полтора", "полторы"].contains(next), self.word(at: position + 1).hasPrefix("час") {
                return CallTimePhrase(date: now.addingTimeInterval(5400), hasTime: true)
            }
            var amount: Double?
            if let (value, length) = waitCount(at: position) {
                amount = value
                position += length
                // «через 5-10 минут», «через 2-3 дня»: the span's first count.
                if Self.number(self.word(at: position)) != nil, WaitUnit(self.word(at: position + 1)) != nil { position += 1 }
            }
            // «через 20 минут»; «минут через 20» and «через минут 20» (a rough count, said the other way round).
            var unit = WaitUnit(self.word(at: position))
            if unit == nil, amount != nil, index > 0 {
                unit = WaitUnit(words[index - 1])
            } else if unit != nil, amount == nil, let (value, length) = waitCount(at: position + 1),
                      WaitUnit(self.word(at: position + 1 + length)) == nil {
                // Not «через час 10 минут», an hour and ten minutes.
                amount = value
            }
            guard let unit else { continue }
            var count = amount ?? 1
            // «через час 10 минут», «через 2 часа 30 минут»: the minutes after the hours.
            if unit == .hour, let (minutes, length) = waitCount(at: position + 1),
               WaitUnit(self.word(at: position + 1 + length)) == .minute {
                count += minutes / 60
            }
            if let moment = moment(after: count, unit) { return moment }
        }
        return nil
    }

    /// The Kazakh wait, its count and unit before «кейін» (after): «1 сағаттан кейін», «30 минуттан кейін», «2 күннен кейін».
    private func kazakhWait() -> CallTimePhrase? {
        for (index, word) in words.enumerated() where index >= 1 && (word == "кейін" || word == "кейин") {
            guard let unit = WaitUnit(words[index - 1]), unit != .month else { continue }
            let count = index >= 2 ? waitCount(at: index - 2).map(\.0) : nil
            if let moment = moment(after: count ?? 1, unit) { return moment }
        }
        return nil
    }

    /// A count of a wait at `index`: «20», «1,5», «сорок пять», «пару», «a couple of»; its value and its length in words.
    private func waitCount(at index: Int) -> (Double, Int)? {
        let word = self.word(at: index)
        if let decimal = Double(word.replacingOccurrences(of: ",", with: ".")), word.contains(where: { $0 == "," || $0 == "." }) {
            return (decimal, 1)
        }
        if word == "a" || word == "an", self.word(at: index + 1) == "couple" {
            return (2, self.word(at: index + 2) == "of" ? 3 : 2)
        }
        if word == "couple" { return (2, self.word(at: index + 1) == "of" ? 2 : 1) }
        guard let (value, length) = Self.numberPhrase(words, at: index) else { return nil }
        return (Double(value), length)
    }

    /// The moment `amount` `unit`s from now. Hours and minutes are time elapsed; days, weeks and months are calendar
    /// days, the same clock time even across a change of daylight saving time («через 3 дня»), or the time named with
    /// them («через неделю в 15:00»). The limits keep a count of something else from reading as a wait.
    private func moment(after amount: Double, _ unit: WaitUnit) -> CallTimePhrase? {
        guard amount > 0 else { return nil }
        switch unit {
        case .minute where amount <= 600:
            return CallTimePhrase(date: now.addingTimeInterval((amount * 60).rounded()), hasTime: true)
        case .hour where amount <= 240:
            return CallTimePhrase(date: now.addingTimeInterval((amount * 3600).rounded()), hasTime: true)
        case .day, .week, .month:
            guard amount == amount.rounded() else { return nil }
            let count = Int(amount)
            let (component, value, limit): (Calendar.Component, Int, Int) = switch unit {
            case .day: (.day, count, 60)
            case .week: (.day, count * 7, 60)
            default: (.month, count, 12)
            }
            guard value <= limit, let later = calendar.date(byAdding: component, value: value, to: now) else { return nil }
            if let (hour, minute) = timeOfDay(), let timed = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: later) {
                return CallTimePhrase(date: timed, hasTime: true)
            }
            return CallTimePhrase(date: later, hasTime: false)
        default:
            return nil
        }
    }
}
