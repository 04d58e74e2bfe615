import Foundation

/// A moment a client names for a call, read from their words: «завтра в 15:00», «в пятницу после обеда»,
/// «15 октября в 14:30», «через два часа», «послезавтра утром», «в понедельник в 10», and the English
/// «tomorrow at 3 pm», «on Friday morning», «in two hours».
///
/// Times without a part of the day are read as business hours: «в 3» is 15:00, «в 10» is 10:00. A part of
/// the day stands for a time: утром 10:00, полдень 12:00, в обед 13:00, днём and после обеда 14:00, вечером 17:00.
/// Halves and quarters are read as Russian says them («в полтретьего» 14:30, «без четверти пять» 16:45), English times
/// written together too («3pm»), minutes said after the hour («в пятнадцать тридцать», «в 10 30»), and Kazakh days and
/// parts of the day («ертең кешке»). A weekday means its next occurrence (today if the time is still ahead), a date
/// without a year its next occurrence.
public struct CallTimePhrase: Sendable, Hashable {
    /// The moment named.
    public var date: Date
    /// Whether the client named the time of day (an hour or a part of the day), not only the day.
    public var hasTime: Bool

    /// Reads the first moment named in `text`, relative to `now` in `timeZone`; `nil` when none is named.
    public static func parse(_ text: String, now: Date, timeZone: TimeZone) -> CallTimePhrase? {
        PhraseReader(text: text, now: now, timeZone: timeZone).read()
    }
}

/// The reading of one text.
private struct PhraseReader {
    let words: [String]
    let now: Date
    let timeZone: TimeZone

    /// The Gregorian calendar in the client's time zone, made only once a text names something (most do not).
    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    init(text: String, now: Date, timeZone: TimeZone) {
        self.timeZone = timeZone
        self.now = now
        // Keep digits, letters, «:» and «.» inside numbers; everything else separates words. Read scalar by
        // scalar (a reply reads every message of a call talk, so this runs often): «ё» counts as «е».
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var lastIsDigit = false
        for scalar in TextAnalysis.normalize(text).unicodeScalars {
            let kind = Self.kind(of: scalar)
            let isDigit = kind == .digit
            if isDigit || kind == .letter || (!current.isEmpty && kind == .mark) {
                current.append(scalar)
            } else if (scalar == ":" || scalar == ".") && lastIsDigit {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
            lastIsDigit = isDigit
        }
        if !current.isEmpty { words.append(String(current)) }
        self.words = words.map { word in
            word.utf8.last == UInt8(ascii: ".") || word.utf8.last == UInt8(ascii: ":") ? String(word.dropLast()) : word
        }
    }

    /// What a scalar of lower-case text is to the reader.
    enum ScalarKind { case digit, letter, mark, other }

    /// The scalar's kind: ASCII and the Russian alphabet by their code, the rest by Unicode's properties (which
    /// cost a table look-up each, several times the rest of the reading).
    static func kind(of scalar: Unicode.Scalar) -> ScalarKind {
        switch scalar.value {
        case 0x30...0x39: return .digit
        case 0x61...0x7A, 0x430...0x44F: return .letter
        case 0x00...0x7F: return .other
        default:
            let properties = scalar.properties
            if properties.numericType != nil { return .digit }
            if properties.isAlphabetic { return .letter }
            return properties.generalCategory == .nonspacingMark ? .mark : .other
        }
    }

    func read() -> CallTimePhrase? {
        if let relative = relativeMoment() { return relative }
        let day = namedDay()
        let time = timeOfDay()
        guard day != nil || time != nil else { return nil }
        let calendar = self.calendar
        let today = calendar.startOfDay(for: now)
        var target = day?.start ?? today
        // A day without a time: the morning's first hour stands for it (`hasTime` tells the caller).
        let (hour, minute) = time ?? (10, 0)
        guard var moment = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: target) else { return nil }
        if day == nil || day?.flexible == true, moment <= now {
            // «в 15:00» said after three means tomorrow; «в пятницу» said on Friday evening means next Friday.
            let step = day?.flexible == true ? 7 : 1
            guard let later = calendar.date(byAdding: .day, value: step, to: target),
                  let next = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: later) else { return nil }
            target = later
            moment = next
        }
        return CallTimePhrase(date: moment, hasTime: time != nil)
    }

    // MARK: «через два часа», «in 30 minutes»

    private func relativeMoment() -> CallTimePhrase? {
        for (index, word) in words.enumerated() where word == "через" || word == "in" {
            var position = index + 1
            guard position < words.count else { continue }
            if words[position] == "полчаса" || words[position] == "half" {
                return CallTimePhrase(date: now.addingTimeInterval(1800), hasTime: true)
            }
            // «через полтора часа»: an hour and a half.
            if ["полтора", "полторы"].contains(words[position]), position + 1 < words.count, words[position + 1].hasPrefix("час") {
                return CallTimePhrase(date: now.addingTimeInterval(5400), hasTime: true)
            }
            var amount = 1
            if let number = Self.number(words[position]) {
                amount = number
                position += 1
            }
            guard position < words.count else { continue }
            let unit = words[position]
            // Hours and minutes are time elapsed; days are calendar days, the same clock time even across a change
            // of daylight saving time («через 3 дня»). The limits keep a count of something else from reading as a wait.
            if unit.hasPrefix("час") || unit.hasPrefix("hour"), amount > 0, amount <= 240 {
                return CallTimePhrase(date: now.addingTimeInterval(TimeInterval(amount * 3600)), hasTime: true)
            }
            if unit.hasPrefix("мин") || unit.hasPrefix("minute"), amount > 0, amount <= 600 {
                return CallTimePhrase(date: now.addingTimeInterval(TimeInterval(amount * 60)), hasTime: true)
            }
            // Days and weeks: the same clock time that many days later, or the time named with them («через неделю в 15:00»).
            let days = unit.hasPrefix("дн") || unit.hasPrefix("ден") || unit.hasPrefix("day") ? amount
                : unit.hasPrefix("недел") || unit.hasPrefix("week") ? amount * 7 : 0
            if days > 0, days <= 60, let later = calendar.date(byAdding: .day, value: days, to: now) {
                if let (hour, minute) = timeOfDay(),
                   let timed = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: later) {
                    return CallTimePhrase(date: timed, hasTime: true)
                }
                return CallTimePhrase(date: later, hasTime: false)
            }
        }
        return nil
    }

    // MARK: the day

    /// A named day: its start, and whether it may slide a week (a weekday named on that very weekday).
    private func namedDay() -> (start: Date, flexible: Bool)? {
        func days(_ count: Int) -> Date? {
            let calendar = self.calendar
            return calendar.date(byAdding: .day, value: count, to: calendar.startOfDay(for: now))
        }
        for (index, word) in words.enumerated() {
            switch word {
            case "сегодня", "today": return days(0).map { ($0, false) }
            case "завтра", "tomorrow":
                if index > 0, words[index - 1] == "после" { return days(2).map { ($0, false) } }
                return days(1).map { ($0, false) }
            case "послезавтра", "бүрсігүні": return days(2).map { ($0, false) }
            case "бүгін": return days(0).map { ($0, false) }
            case "ертең": return days(1).map { ($0, false) }
            default: break
            }
            if let weekday = Self.weekday(word) {
                let current = calendar.component(.weekday, from: now)
                let ahead = (weekday - current + 7) % 7
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

    // MARK: the time

    /// The time of day named: «в 15:00», «в 3 часа дня», «в 10 утра», «после обеда», «at 3 pm».
    private func timeOfDay() -> (hour: Int, minute: Int)? {
        let part = partOfDay()
        if let idiom = clockIdiom() { return (Self.businessHour(idiom.hour, qualifier: part?.qualifier), idiom.minute) }
        for (index, word) in words.enumerated() {
            // «3pm», «11am», «2:30pm» written together.
            if let (hour, minute, qualifier) = Self.meridiemClock(word), hour <= 12, minute <= 59 {
                return (Self.businessHour(hour, qualifier: qualifier), minute)
            }
            let previous = index > 0 ? words[index - 1] : ""
            guard Self.timePrepositions.contains(previous) || word.utf8.contains(UInt8(ascii: ":")) else { continue }
            guard var (hour, minute) = Self.clock(word), hour <= 23, minute <= 59 else { continue }
            // A bare «15» right before a month is a date, not a time.
            if index + 1 < words.count, Self.month(words[index + 1]) != nil { continue }
            // «в 10 30», «в 10-30», «в пятнадцать тридцать», «в три сорок пять»: minutes said after the hour.
            if !word.contains(":"), let minutes = minutesAfter(index) { minute = minutes }
            let next = index + 1 < words.count ? words[index + 1] : ""
            let after = index + 2 < words.count ? words[index + 2] : ""
            let qualifier = [next, after].first { ["утра", "дня", "вечера", "ночи", "am", "pm"].contains($0) }
            // «на 5 штук» counts things: after «на» only a clock time or an hour with its part of the day is a time.
            if previous == "на", !word.utf8.contains(UInt8(ascii: ":")), qualifier == nil, !next.hasPrefix("час") { continue }
            return (Self.businessHour(hour, qualifier: qualifier ?? part?.qualifier), minute)
        }
        return part.map { ($0.hour, 0) }
    }

    /// The Russian ways of naming a half or a quarter: «в полтретьего» and «в половине третьего» (2:30), «без четверти
    /// пять» (4:45), «без десяти три» (2:50); the hour as named, before business hours are applied.
    private func clockIdiom() -> (hour: Int, minute: Int)? {
        for (index, word) in words.enumerated() {
            // «полтретьего» as one word, or «пол третьего», «половина / половине третьего».
            if word.hasPrefix("пол"), word != "пол", !word.hasPrefix("половин"), !word.hasPrefix("полчас"), !word.hasPrefix("полдн"),
               !word.hasPrefix("полтор"), let next = Self.ordinalHour(String(word.dropFirst(3))) {
                return (next == 1 ? 12 : next - 1, 30)
            }
            if ["пол", "половина", "половине", "половину"].contains(word), index + 1 < words.count, let next = Self.ordinalHour(words[index + 1]) {
                return (next == 1 ? 12 : next - 1, 30)
            }
            if word == "без", index + 2 < words.count, let minutes = Self.minutesBefore[words[index + 1]],
               let hour = Self.number(words[index + 2]), (1...12).contains(hour) {
                return (hour == 1 ? 12 : hour - 1, 60 - minutes)
            }
        }
        return nil
    }

    /// Minutes before the hour in «без четверти пять», «без десяти три».
    private static let minutesBefore: [String: Int] = ["четверти": 15, "пятнадцати": 15, "десяти": 10, "пяти": 5, "двадцати": 20]

    /// The hour an ordinal in the genitive names («третьего» is 3): the hour whose half «пол-» means.
    static func ordinalHour(_ word: String) -> Int? {
        ordinalHours.first { word.hasPrefix($0.stem) }?.hour
    }

    private static let ordinalHours: [(stem: String, hour: Int)] = [
        ("первого", 1), ("второго", 2), ("третьего", 3), ("четвертого", 4), ("пятого", 5), ("шестого", 6), ("седьмого", 7),
        ("восьмого", 8), ("девятого", 9), ("десятого", 10), ("одиннадцатого", 11), ("двенадцатого", 12),
    ]

    /// «3pm», «11am», «2:30pm»: the hour, the minute and the qualifier of a clock time written with am or pm.
    static func meridiemClock(_ word: String) -> (Int, Int, String)? {
        guard word.hasSuffix("am") || word.hasSuffix("pm") else { return nil }
        let qualifier = String(word.suffix(2))
        guard let (hour, minute) = clock(String(word.dropLast(2))), Int(String(word.dropLast(2)).prefix(1)) != nil else { return nil }
        return (hour, minute, qualifier)
    }

    /// The minutes said right after an hour at `index` («30», «тридцать», «сорок пять», «ноль-ноль»), `nil` when the next
    /// word is no count of minutes.
    private func minutesAfter(_ index: Int) -> Int? {
        guard index + 1 < words.count else { return nil }
        let next = words[index + 1]
        if next == "ноль" { return 0 }
        guard let tens = Self.number(next), (0...59).contains(tens), next.count <= 2 || Self.numberWords[next] != nil else { return nil }
        // A number of minutes is written with two digits («10 05», «10 30»), or in words of ten and more.
        if next.allSatisfy(\.isNumber) { return next.count == 2 ? tens : nil }
        guard tens >= 10 else { return nil }
        if tens % 10 == 0, tens >= 20, index + 2 < words.count, let units = Self.number(words[index + 2]), (1...9).contains(units) {
            return tens + units
        }
        return tens
    }

    /// Words before an hour that make it a time: «в 3», «к 10», «at 5».
    private static let timePrepositions = ["в", "во", "к", "на", "at", "by", "около", "с"]

    /// A part of the day: its usual hour, and how it reads an hour named with it.
    private func partOfDay() -> (hour: Int, qualifier: String)? {
        for (index, word) in words.enumerated() {
            switch word {
            case "утром", "утра", "morning", "таңертең": return (10, "утра")
            case "полдень", "полудню", "полудня", "noon", "midday": return (12, "дня")
            case "кешке": return (17, "вечера")
            case "днем", "afternoon": return (14, "дня")
            case "вечером", "evening", "вечерком": return (17, "вечера")
            case "обеда" where index > 0 && words[index - 1] == "после": return (14, "дня")
            case "обед" where index > 0 && ["в", "на"].contains(words[index - 1]): return (13, "дня")
            default: continue
            }
        }
        return nil
    }

    /// The hour on a 24-hour clock: «3 часа дня» and «3 pm» are 15, a bare 1–7 is afternoon (business hours).
    static func businessHour(_ hour: Int, qualifier: String?) -> Int {
        switch qualifier {
        case "дня", "вечера", "pm": return hour < 12 ? hour + 12 : hour
        case "утра", "ночи", "am": return hour == 12 ? 0 : hour
        default: return (1...7).contains(hour) ? hour + 12 : hour
        }
    }

    /// «15:30», «15.30», «15», «три».
    static func clock(_ word: String) -> (Int, Int)? {
        let parts = word.split(whereSeparator: { $0 == ":" || $0 == "." })
        if parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), parts[1].count == 2 { return (hour, minute) }
        guard parts.count == 1, !["a", "an", "пару", "пара"].contains(word), let hour = number(word) else { return nil }
        return (hour, 0)
    }

    static func number(_ word: String) -> Int? {
        if let value = Int(word) { return value }
        return numberWords[word]
    }

    static let numberWords: [String: Int] = [
        "один": 1, "одну": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
        "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
        "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20,
        "тридцать": 30, "сорок": 40, "пару": 2, "пара": 2,
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "a": 1, "an": 1,
    ]

    /// Gregorian weekday (1 = Sunday) of a weekday word in the forms a client uses.
    static func weekday(_ word: String) -> Int? {
        weekdays[word]
    }

    private static let weekdays: [String: Int] = {
        var table: [String: Int] = [:]
        let forms: [(Int, [String])] = [
            (2, ["понедельник", "понедельника", "понедельнику", "monday"]), (3, ["вторник", "вторника", "вторнику", "tuesday"]),
            (4, ["среда", "среду", "среды", "wednesday"]), (5, ["четверг", "четверга", "четвергу", "thursday"]),
            (6, ["пятница", "пятницу", "пятницы", "friday"]), (7, ["суббота", "субботу", "субботы", "saturday"]),
            (1, ["воскресенье", "воскресенья", "sunday"]),
        ]
        for (weekday, words) in forms { for word in words { table[word] = weekday } }
        return table
    }()

    /// Month number of a month word («октября», «октябре», «october», «oct»).
    static func month(_ word: String) -> Int? {
        // Compared on UTF-8 bytes: every word of every message passes here, and `hasPrefix` on `String`
        // (canonical equivalence) cost more than the rest of the reading.
        if word == "мая" || word == "май" || word == "мае" { return 5 }
        let length = word.unicodeScalars.count
        if let index = russianMonthStems.firstIndex(where: { $0.stem != "ма" && word.utf8.starts(with: $0.stem.utf8) && length <= $0.length + 3 }) {
            return index + 1
        }
        if length >= 3, length <= 9, let index = englishMonthStems.firstIndex(where: { word.utf8.starts(with: $0.utf8) }) { return index + 1 }
        return nil
    }

    private static let russianMonthStems = ["январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"]
        .map { (stem: $0, length: $0.unicodeScalars.count) }
    private static let englishMonthStems = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
}
