import Foundation

/// Russian number words (cardinal and ordinal, any case and gender), with basic Kazakh and English, read
/// as integers: `"две тысячи двадцать второй"` → 2022, `"двадцать второго"` → 22, `"пять"` → 5,
/// `"полторы тысячи"` → 1500.
public enum NumberWords {
    /// A run of number words found in a text.
    public struct Span: Sendable, Equatable {
        /// The number the words name.
        public let value: Int
        /// True when the last word is an ordinal (`второй`, `двадцать второго`).
        public let isOrdinal: Bool
        /// Where the words stand in the text they were read from.
        public let range: Range<String.Index>
        /// The ending an ordinal keeps when written in digits (`"го"` for `двадцать второго` → `22-го`), or nil.
        public let digitEnding: String?

        /// The span written in digits: `2022`, `22-го`, `3-й`. Ordinals of 1000 and above stay plain digits.
        public var digits: String {
            guard let digitEnding, value < 1000 else { return String(value) }
            return "\(value)-\(digitEnding)"
        }
    }

    /// Endings of ordinal words and how they are written after digits (`второго` → `2-го`), longest first.
    static let digitEndings: [(word: String, digits: String)] = [
        ("ого", "го"), ("его", "го"), ("ому", "му"), ("ему", "му"), ("ыми", "ми"), ("ими", "ми"), ("ый", "й"),
        ("ой", "й"), ("ий", "й"), ("ым", "м"), ("им", "м"), ("ом", "м"), ("ем", "м"), ("ая", "я"), ("яя", "я"),
        ("ую", "ю"), ("юю", "ю"), ("ое", "е"), ("ее", "е"), ("ье", "е"), ("ья", "я"), ("ью", "ю"), ("ые", "е"),
        ("ых", "х"), ("их", "х"), ("ьи", "и"),
    ]

    /// What one number word contributes.
    struct Word {
        enum Rank: Int { case unit = 0, ten = 1, hundred = 2, multiplier = 3 }
        let value: Int
        let rank: Rank
        let isOrdinal: Bool
        /// Teens fill the tens and the units place at once.
        var closesUnits: Bool { rank == .ten && value < 20 }
    }

    /// Cardinal forms in every case and gender.
    static let cardinals: [Int: [String]] = [
        0: ["ноль", "нуль", "нуля", "нолю", "нулю", "zero"],
        1: ["один", "одна", "одно", "одного", "одной", "одному", "одним", "одном", "одну", "одною", "one", "бір"],
        2: ["два", "две", "двух", "двум", "двумя", "two", "екі"],
        3: ["три", "трех", "трем", "тремя", "three", "үш"],
        4: ["четыре", "четырех", "четырем", "четырьмя", "four", "төрт"],
        5: ["пять", "пяти", "пятью", "five"],
        6: ["шесть", "шести", "шестью", "six", "алты"],
        7: ["семь", "семи", "seven", "жеті"],
        8: ["восемь", "восьми", "восемью", "восьмью", "eight", "сегіз"],
        9: ["девять", "девяти", "девятью", "nine", "тоғыз"],
        10: ["десять", "десяти", "десятью", "ten"],
        11: ["одиннадцать", "одиннадцати", "одиннадцатью", "eleven"],
        12: ["двенадцать", "двенадцати", "двенадцатью", "twelve"],
        13: ["тринадцать", "тринадцати", "тринадцатью", "thirteen"],
        14: ["четырнадцать", "четырнадцати", "четырнадцатью", "fourteen"],
        15: ["пятнадцать", "пятнадцати", "пятнадцатью", "fifteen"],
        16: ["шестнадцать", "шестнадцати", "шестнадцатью", "sixteen"],
        17: ["семнадцать", "семнадцати", "семнадцатью", "seventeen"],
        18: ["восемнадцать", "восемнадцати", "восемнадцатью", "eighteen"],
        19: ["девятнадцать", "девятнадцати", "девятнадцатью", "nineteen"],
        20: ["двадцать", "двадцати", "двадцатью", "twenty", "жиырма"],
        30: ["тридцать", "тридцати", "тридцатью", "thirty", "отыз"],
        40: ["сорок", "сорока", "forty", "қырық"],
        50: ["пятьдесят", "пятидесяти", "пятьюдесятью", "fifty", "елу"],
        60: ["шестьдесят", "шестидесяти", "шестьюдесятью", "sixty", "алпыс"],
        70: ["семьдесят", "семидесяти", "семьюдесятью", "seventy", "жетпіс"],
        80: ["восемьдесят", "восьмидесяти", "восемьюдесятью", "eighty", "сексен"],
        90: ["девяносто", "девяноста", "ninety", "тоқсан"],
        100: ["сто", "ста", "сотня", "сотни", "сотню", "hundred", "жүз"],
        200: ["двести", "двухсот", "двумстам", "двумястами", "двухстах"],
        300: ["триста", "трехсот", "тремстам", "тремястами", "трехстах"],
        400: ["четыреста", "четырехсот", "четыремстам", "четырьмястами", "четырехстах"],
        500: ["пятьсот", "пятисот", "пятистам", "пятьюстами", "пятистах"],
        600: ["шестьсот", "шестисот", "шестистам", "шестьюстами", "шестистах"],
        700: ["семьсот", "семисот", "семистам", "семьюстами", "семистах"],
        800: ["восемьсот", "восьмисот", "восьмистам", "восемьюстами", "восьмистах"],
        900: ["девятьсот", "девятисот", "девятистам", "девятьюстами", "девятистах"],
        1000: ["тысяча", "тысячи", "тысячу", "тысячей", "тысячею", "тысяч", "тысячам", "тысячами", "тысячах",
               "thousand", "мың"],
        1_000_000: ["миллион", "миллиона", "миллиону", "миллионом", "миллионе", "миллионов", "million"],
    ]

    /// Stems of ordinals; each takes the adjective endings below.
    static let ordinalStems: [Int: [String]] = [
        1: ["перв"], 2: ["втор"], 4: ["четверт"], 5: ["пят"], 6: ["шест"], 7: ["седьм"], 8: ["восьм"],
        9: ["девят"], 10: ["десят"], 11: ["одиннадцат"], 12: ["двенадцат"], 13: ["тринадцат"],
        14: ["четырнадцат"], 15: ["пятнадцат"], 16: ["шестнадцат"], 17: ["семнадцат"], 18: ["восемнадцат"],
        19: ["девятнадцат"], 20: ["двадцат"], 30: ["тридцат"], 40: ["сороков"], 50: ["пятидесят"],
        60: ["шестидесят"], 70: ["семидесят"], 80: ["восьмидесят"], 90: ["девяност"], 100: ["сот"],
        200: ["двухсот"], 300: ["трехсот"], 400: ["четырехсот"], 500: ["пятисот"], 600: ["шестисот"],
        700: ["семисот"], 800: ["восьмисот"], 900: ["девятисот"], 1000: ["тысячн"], 2000: ["двухтысячн"],
    ]
    static let ordinalEndings = ["ый", "ой", "ий", "ого", "его", "ому", "ему", "ым", "им", "ом", "ем", "ая", "яя",
                                 "ую", "юю", "ое", "ее", "ые", "ых", "ыми", "ых"]
    static let englishOrdinals: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
        "ninth": 9, "tenth": 10, "twentieth": 20,
    ]

    /// Every known number word, keyed by its lowercased form with `ё` read as `е`.
    static let vocabulary: [String: Word] = {
        var words: [String: Word] = [:]
        func rank(_ value: Int) -> Word.Rank {
            switch value {
            case ..<10: .unit
            case ..<100: .ten
            case ..<1000: .hundred
            default: .multiplier
            }
        }
        for (value, forms) in cardinals {
            for form in forms { words[form] = Word(value: value, rank: rank(value), isOrdinal: false) }
        }
        for (value, stems) in ordinalStems {
            for stem in stems {
                for ending in ordinalEndings {
                    words[stem + ending] = Word(value: value, rank: value == 2000 ? .multiplier : rank(value), isOrdinal: true)
                }
            }
        }
        for form in ["третий", "третьего", "третьему", "третьим", "третьем", "третья", "третье", "третью", "третьи",
                     "третьих", "третьими"] {
            words[form] = Word(value: 3, rank: .unit, isOrdinal: true)
        }
        for (form, value) in englishOrdinals { words[form] = Word(value: value, rank: rank(value), isOrdinal: true) }
        return words
    }()

    /// Forms of "one and a half", which only count before a multiplier (`полторы тысячи` = 1500).
    static let oneAndAHalf: Set<String> = ["полтора", "полторы", "полутора"]

    /// The value of one number word, or nil when `word` is not one.
    public static func value(ofWord word: String) -> Int? {
        vocabulary[TextKey.normalise(word)]?.value
    }

    /// The number that `text` names when the whole of it is number words, or nil.
    public static func value(of text: String) -> Int? {
        let tokens = Token.tokens(of: text)
        let spans = spans(in: tokens)
        guard spans.count == 1, let span = spans.first,
              span.range.lowerBound == tokens.first?.range.lowerBound,
              span.range.upperBound == tokens.last?.range.upperBound else { return nil }
        return span.value
    }

    /// Every run of number words in `text`, in order.
    public static func spans(in text: String) -> [Span] {
        spans(in: Token.tokens(of: text))
    }

    /// `text` with each run of number words replaced by its digits:
    /// `"на камри две тысячи двадцать второй"` → `"на камри 2022"`, `"двадцать второго года"` → `"22-го года"`,
    /// `"третий ряд"` → `"3-й ряд"`.
    public static func rewrite(_ text: String) -> String {
        var result = text
        for span in spans(in: text).reversed() {
            result.replaceSubrange(span.range, with: span.digits)
        }
        return result
    }

    /// Reads runs of number words from tokens. A run ends at a word that cannot continue it
    /// (`"два три"` is two numbers), after an ordinal, or at anything that is not a number word.
    static func spans(in tokens: [Token]) -> [Span] {
        var spans: [Span] = []
        var index = 0
        while index < tokens.count {
            // «во-первых», «во-вторых» are "firstly", "secondly", not numbers.
            if index > 0, tokens[index - 1].key == "во", ["первых", "вторых", "третьих"].contains(tokens[index].key) {
                index += 1
                continue
            }
            if let span = readNumber(tokens, from: index) {
                spans.append(span.span)
                index = span.next
            } else {
                index += 1
            }
        }
        return spans
    }

    private static func readNumber(_ tokens: [Token], from start: Int) -> (span: Span, next: Int)? {
        var total = 0
        var group = 0
        var lastRank: Int = 4
        var unitsClosed = false
        var isOrdinal = false
        var index = start
        var consumed = 0
        while index < tokens.count {
            let key = tokens[index].key
            if oneAndAHalf.contains(key), consumed == 0, index + 1 < tokens.count,
               let next = vocabulary[tokens[index + 1].key], next.rank == .multiplier, next.value < 2000 {
                total = next.value * 3 / 2
                isOrdinal = next.isOrdinal
                index += 2
                consumed = 2
                lastRank = Word.Rank.multiplier.rawValue
                if isOrdinal { break }
                continue
            }
            guard let word = vocabulary[key] else { break }
            if word.rank == .multiplier {
                // A multiplier follows its count (`две тысячи`) or starts the number (`тысяча`), and shrinks.
                guard group > 0 || consumed == 0, total == 0 || total < word.value else { break }
                if word.value == 2000 {
                    total += word.value
                } else {
                    total += max(group, 1) * word.value
                }
                group = 0
                unitsClosed = false
                // After a multiplier the next group may use any lower rank again.
                lastRank = Word.Rank.multiplier.rawValue
            } else {
                let rank = word.rank.rawValue
                guard rank < lastRank, !(unitsClosed && rank == 0) else { break }
                group += word.value
                lastRank = rank
                unitsClosed = word.closesUnits
            }
            consumed += 1
            index += 1
            if word.isOrdinal {
                isOrdinal = true
                break
            }
        }
        guard consumed > 0 else { return nil }
        let value = total + group
        let range = tokens[start].range.lowerBound..<tokens[index - 1].range.upperBound
        let lastWord = tokens[index - 1].key
        let ending = isOrdinal ? digitEndings.first { lastWord.hasSuffix($0.word) }?.digits : nil
        return (Span(value: value, isOrdinal: isOrdinal, range: range, digitEnding: ending), index)
    }
}
