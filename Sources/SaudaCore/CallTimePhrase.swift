import Foundation

/// A moment a client names for a call, read from their words: «завтра в 15:00», «в пятницу после обеда»,
/// «15 октября в 14:30», «через два часа», «послезавтра утром», «в понедельник в 10», and the English
/// «tomorrow at 3 pm», «on Friday morning», «in two hours».
///
/// Times without a part of the day are read as business hours: «в 3» is 15:00, «в 10» is 10:00. A part of
/// the day stands for a time: утром 10:00, полдень 12:00, в обед 13:00, днём and после обеда 14:00, вечером 17:00.
/// Halves and quarters are read as Russian says them («в полтретьего» 14:30, «без четверти пять» 16:45, «в четверть
/// третьего» 14:15), English times written together too («3pm»), minutes said after the hour («в пятнадцать тридцать»,
/// «в 10 30»), an hour in words in the case its preposition asks («после шести», «в районе трёх», «к трём», «в час»),
/// waits said in any order («минут через 20», «через 1,5 часа», «через месяц»), and Kazakh days and parts of the day
/// («ертең кешке», «жұма күні сағат 3-те»). A weekday means its next occurrence (today if the time is still ahead,
/// a week on after «следующий» / «next»), a date without a year its next occurrence.
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
struct PhraseReader {
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
        // Keep digits, letters, and «:», «.» and «,» inside numbers; everything else separates words. Read scalar by
        // scalar (a reply reads every message of a call talk, so this runs often): «ё» counts as «е».
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var lastIsDigit = false
        for scalar in TextAnalysis.normalize(text).unicodeScalars {
            let kind = Self.kind(of: scalar)
            let isDigit = kind == .digit
            if isDigit || kind == .letter || (!current.isEmpty && kind == .mark) {
                current.append(scalar)
            } else if (scalar == ":" || scalar == "." || scalar == ",") && lastIsDigit {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
            lastIsDigit = isDigit
        }
        if !current.isEmpty { words.append(String(current)) }
        self.words = words.map { word in
            guard let last = word.utf8.last, [UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: ",")].contains(last) else { return word }
            return String(word.dropLast())
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

    /// The word at `index`, or an empty word past either end.
    func word(at index: Int) -> String {
        words.indices.contains(index) ? words[index] : ""
    }
}
