/// The time of day named: «в 15:00», «в 3 часа дня», «в 10 утра», «после шести», «в час», «после обеда», «at 3 pm».
extension PhraseReader {
    func timeOfDay() -> (hour: Int, minute: Int)? {
        let part = partOfDay()
        if let idiom = clockIdiom() { return (Self.businessHour(idiom.hour, qualifier: part?.qualifier), idiom.minute) }
        for (index, word) in words.enumerated() {
            // «3pm», «11am», «2:30pm» written together.
            if let (hour, minute, qualifier) = Self.meridiemClock(word), hour <= 12, minute <= 59 {
                return (Self.businessHour(hour, qualifier: qualifier), minute)
            }
            let previous = self.word(at: index - 1)
            guard Self.timePrepositions.contains(previous) || word.utf8.contains(UInt8(ascii: ":")) else { continue }
            guard var (hour, minute) = clock(at: index), hour <= 23, minute <= 59 else { continue }
            let next = self.word(at: index + 1)
            // A bare «15» right before a month is a date, not a time; «после 2 дней», «около пяти минут» count a wait.
            let countsTime = PhraseReader.WaitUnit(next) != nil && !next.hasPrefix("час")
            let countedAfter = ["после", "after"].contains(previous) || Self.hourInCase[word] != nil
            if Self.month(next) != nil || (countedAfter && countsTime) { continue }
            // «в 10 30», «в 10-30», «в пятнадцать тридцать», «в три сорок пять»: minutes said after the hour.
            if !word.contains(":"), let minutes = minutesAfter(index), !Self.isRange(from: hour, to: minutes) { minute = minutes }
            // «в 3 с половиной»: half past.
            if next == "с", self.word(at: index + 2).hasPrefix("половин") { minute = 30 }
            // «в 3 часа дня», «в 2-3 часа дня», «at 10 a.m.».
            let qualifier = Self.meridiem(next, self.word(at: index + 2))
                ?? (index + 1...index + 3).map { self.word(at: $0) }.first { Self.qualifiers.contains($0) }
            // «на 5 штук» counts things: after «на» only a clock time or an hour with its part of the day is a time.
            if previous == "на", !word.utf8.contains(UInt8(ascii: ":")), qualifier == nil, !next.hasPrefix("час") { continue }
            return (Self.businessHour(hour, qualifier: qualifier ?? part?.qualifier), minute)
        }
        return part.map { ($0.hour, 0) }
    }

    /// «10-11», «2-3»: an hour and the next, a span said for the first hour, not minutes.
    private static func isRange(from hour: Int, to next: Int) -> Bool {
        next == hour + 1 || next == hour + 2
    }

    /// «a.m.», «p.m.» written with full stops, which part them into two words.
    private static func meridiem(_ first: String, _ second: String) -> String? {
        guard second == "m", first == "a" || first == "p" else { return nil }
        return first + second
    }

    /// Words after an hour that say its part of the day.
    private static let qualifiers: Set<String> = ["утра", "дня", "вечера", "ночи", "am", "pm"]

    /// The hour and minute of the word at `index` as a clock time: «15:30», «15.30», «15», «три», «15ч30», «час» (one
    /// o'clock), and after «после», «около», «в районе», «к» the hour in the case they ask («шести», «трём»).
    private func clock(at index: Int) -> (Int, Int)? {
        let word = words[index]
        if let time = Self.clock(word) { return time }
        if let time = Self.hourWithUnit(word) { return time }
        if let time = Self.kazakhCase(word) { return time }
        // «в час», «в час дня»: one o'clock (not «в 1 час», whose hour is the number before).
        if word == "час", Int(self.word(at: index - 1)) == nil { return (1, 0) }
        if Self.hourCasePrepositions.contains(self.word(at: index - 1)), let hour = Self.hourInCase[word] { return (hour, 0) }
        return nil
    }

    /// «3те», «16:00де», «10да»: an hour with the Kazakh ending of «at» written together.
    static func kazakhCase(_ word: String) -> (Int, Int)? {
        guard let ending = kazakhEndings.first(where: { word.hasSuffix($0) }) else { return nil }
        let time = String(word.dropLast(ending.count))
        guard time.first?.isNumber == true else { return nil }
        return clock(time)
    }

    private static let kazakhEndings = ["те", "та", "де", "да", "ге", "ке", "ға", "қа"]

    /// «15ч», «15ч30», «16час»: an hour written together with its unit.
    static func hourWithUnit(_ word: String) -> (Int, Int)? {
        let hourDigits = word.prefix { $0.isASCII && $0.isNumber }
        guard (1...2).contains(hourDigits.count), let hour = Int(hourDigits) else { return nil }
        let rest = word.dropFirst(hourDigits.count)
        guard rest.hasPrefix("ч") else { return nil }
        let minuteDigits = rest.drop { !($0.isASCII && $0.isNumber) }
        guard !minuteDigits.isEmpty else { return (hour, 0) }
        guard minuteDigits.count == 2, let minute = Int(minuteDigits) else { return nil }
        return (hour, minute)
    }

    /// The Russian ways of naming a half or a quarter: «в полтретьего» and «в половине третьего» (2:30), «в четверть
    /// третьего» (2:15), «без четверти пять» (4:45), «без десяти три» (2:50); the hour as named, before business hours.
    private func clockIdiom() -> (hour: Int, minute: Int)? {
        for (index, word) in words.enumerated() {
            // «полтретьего» as one word, or «пол третьего», «половина / половине третьего».
            if word.hasPrefix("пол"), word != "пол", !word.hasPrefix("половин"), !word.hasPrefix("полчас"), !word.hasPrefix("полдн"),
               !word.hasPrefix("полтор"), let next = Self.ordinalHour(String(word.dropFirst(3))) {
                return (next == 1 ? 12 : next - 1, 30)
            }
            if ["пол", "половина", "половине", "половину"].contains(word), let next = Self.ordinalHour(self.word(at: index + 1)) {
                return (next == 1 ? 12 : next - 1, 30)
            }
            if word == "четверть", let next = Self.ordinalHour(self.word(at: index + 1)) {
                return (next == 1 ? 12 : next - 1, 15)
            }
            // «half past three», «quarter past ten», «quarter to five».
            if ["half", "quarter"].contains(word), ["past", "to"].contains(self.word(at: index + 1)),
               let hour = Self.number(self.word(at: index + 2)), (1...12).contains(hour) {
                let minutes = word == "half" ? 30 : 15
                if self.word(at: index + 1) == "past" { return (hour, minutes) }
                return (hour == 1 ? 12 : hour - 1, 60 - minutes)
            }
            if word == "без", let minutes = Self.minutesBefore[self.word(at: index + 1)],
               let hour = Self.number(self.word(at: index + 2)), (1...12).contains(hour) {
                return (hour == 1 ? 12 : hour - 1, 60 - minutes)
            }
        }
        return nil
    }

    /// Minutes before the hour in «без четверти пять», «без десяти три».
    private static let minutesBefore: [String: Int] = ["четверти": 15, "пятнадцати": 15, "десяти": 10, "пяти": 5, "двадцати": 20]

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
        let next = word(at: index + 1)
        if next == "ноль" { return 0 }
        guard let tens = Self.number(next), (0...59).contains(tens), next.count <= 2 || Self.numberWords[next] != nil else { return nil }
        // A number of minutes is written with two digits («10 05», «10 30»), or in words of ten and more.
        if next.allSatisfy(\.isNumber) { return next.count == 2 ? tens : nil }
        guard tens >= 10 else { return nil }
        if let (minutes, _) = Self.numberPhrase(words, at: index + 1), minutes <= 59 { return minutes }
        return tens
    }

    /// Words before an hour that make it a time: «в 3», «к 10», «at 5», «после 6», «в районе 5», «сағат 3».
    private static let timePrepositions: Set<String> = [
        "в", "во", "к", "на", "at", "by", "около", "с", "после", "районе", "сағат", "сагат", "around", "after",
    ]

    /// Prepositions after which an hour is said in words in their case: «после шести», «около пяти», «к трём».
    private static let hourCasePrepositions: Set<String> = ["после", "около", "районе", "к"]

    /// A part of the day: its usual hour, and how it reads an hour named with it.
    private func partOfDay() -> (hour: Int, qualifier: String)? {
        for (index, word) in words.enumerated() {
            let previous = self.word(at: index - 1)
            switch word {
            case "утром", "утра", "утречком", "morning", "таңертең": return (10, "утра")
            case "полдень", "полудню", "полудня", "noon", "midday": return (12, "дня")
            case "кешке", "кешкісін", "вечеру", "tonight": return (17, "вечера")
            case "днем", "afternoon": return (14, "дня")
            case "вечером", "evening", "вечерком": return (17, "вечера")
            case "обеда" where previous == "после", "lunch" where previous == "after": return (14, "дня")
            case "обеда" where previous == "до": return (10, "утра")
            case "обеда" where previous == "районе" || previous == "около": return (13, "дня")
            case "половине" where self.word(at: index + 1) == "дня":
                if previous == "первой" { return (10, "утра") }
                if previous == "второй" { return (14, "дня") }
            case "түсте": return (13, "дня")
            case "кейін" where previous == "түстен": return (14, "дня")
            case "обед" where ["в", "на"].contains(previous): return (13, "дня")
            case "обеду" where previous == "к": return (13, "дня")
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

    /// «15:30», «15.30», «15», «три» (not «один», «одну»: one o'clock is said «в час»).
    static func clock(_ word: String) -> (Int, Int)? {
        let parts = word.split(whereSeparator: { $0 == ":" || $0 == "." })
        if parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), parts[1].count == 2 { return (hour, minute) }
        guard parts.count == 1, !Self.notHours.contains(word), let hour = number(word) else { return nil }
        return (hour, 0)
    }

    /// Count words that are no hour of a clock: «пару», «a», «одну».
    private static let notHours: Set<String> = ["a", "an", "пару", "пара", "один", "одну", "одна"]
}
