import Foundation

/// Language of a text, as far as the rule engine needs to know it.
public enum TextLanguage: String, Sendable, Codable, Hashable {
    /// Russian (Cyrillic script).
    case russian = "ru"
    /// English (Latin script).
    case english = "en"
}

/// Pure text helpers shared by the rule engine, the classifier and the knowledge search:
/// normalisation, tokens, stems, emoji and language.
public enum TextAnalysis {
    /// Lower-cases the text and folds «ё» into «е», so that keywords match either spelling.
    public static func normalize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { appendLowercased(scalar, to: &scalars) }
        return String(scalars)
    }

    @inline(__always)
    static func appendLowercased(_ scalar: Unicode.Scalar, to scalars: inout String.UnicodeScalarView) {
        switch scalar.value {
        case 0x41...0x5A: scalars.append(Unicode.Scalar(scalar.value + 0x20) ?? scalar)
        case 0x00...0x7F: scalars.append(scalar)
        case 0x410...0x42F: scalars.append(Unicode.Scalar(scalar.value + 0x20) ?? scalar)
        case 0x401, 0x451: scalars.append("е")
        case 0x430...0x44F: scalars.append(scalar)
        default: scalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
    }

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x400...0x4FF: return true
        case 0x00...0x7F: return false
        default: return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        }
    }

    /// Splits a text into lower-case word tokens (letters and digits).
    public static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                appendLowercased(scalar, to: &current)
            } else if !current.isEmpty {
                result.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    /// Counts emoji (pictographs, not digits or punctuation).
    public static func emojiCount(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isEmoji($1) ? 1 : 0) }
    }

    /// Whether a scalar is an emoji as replies count them (not ©, ® or keycap digits).
    public static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        // Every emoji lies above U+2000; letters, digits and punctuation of ordinary text are skipped at once.
        guard scalar.value > 0x2000 else { return false }
        let props = scalar.properties
        return props.isEmojiPresentation || (props.isEmoji && !props.isASCIIHexDigit)
    }

    /// `text` without white space and line breaks at either end; the same as Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, without its detour through `NSString`.
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return text }
        return String(scalars[first...last])
    }

    /// The number of Unicode scalars in `text`, counted on its UTF-8 bytes (every byte that does not continue
    /// a scalar starts one) instead of decoding it, which costs several times more.
    public static func scalarCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var count = 0
            for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
            return count
        }
    }

    /// Guesses the language by script: more Cyrillic than Latin letters means Russian.
    /// Text without letters counts as Russian, the business's default language.
    public static func language(of text: String) -> TextLanguage {
        var cyrillic = 0
        var latin = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0400...0x04FF: cyrillic += 1
            case 0x41...0x5A, 0x61...0x7A: latin += 1
            default: break
            }
        }
        return latin > cyrillic ? .english : .russian
    }

    private static let russianEndings: [[Unicode.Scalar]] = [
        "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "ости", "ость", "ться", "тся",
        "ешь", "ете", "ите", "ить", "ать", "ять", "ает", "яет", "ует", "ают", "яют", "уют", "ала", "али", "ило",
        "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ой", "ей", "ую", "юю", "ом", "ем", "ам", "ям", "ах",
        "ях", "ов", "ев", "ия", "ья", "ью", "ет", "ит", "ут", "ют", "ат", "ят", "ла", "ли", "ло", "ть",
        "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
    ].map { Array($0.unicodeScalars) }
    private static let englishEndings: [[Unicode.Scalar]] = ["ings", "ing", "ies", "ied", "ed", "es", "ly", "s", "y"]
        .map { Array($0.unicodeScalars) }

    /// A light suffix-stripping stem for Russian and English words: «доставкой» and «доставка» give
    /// «доставк», «delivery» and «deliver» give «deliver».
    public static func stem(_ token: String) -> String {
        let scalars = Array(token.unicodeScalars)
        let isCyrillic = scalars.contains { (0x0400...0x04FF).contains($0.value) }
        let endings = isCyrillic ? russianEndings : englishEndings
        for ending in endings where scalars.count - ending.count >= 3 && scalars.suffix(ending.count).elementsEqual(ending) {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars.dropLast(ending.count))
            return String(view)
        }
        return token
    }

    /// Words too common to say anything about a text's topic (Russian and English).
    public static let stopWords: Set<String> = [
        "и", "в", "во", "на", "с", "со", "по", "к", "у", "о", "об", "от", "до", "за", "из", "для", "не", "ли", "же", "а", "но",
        "или", "что", "как", "это", "вы", "вас", "вам", "мы", "нас", "я", "мне", "ты", "он", "она", "они", "есть", "бы", "ну",
        "the", "a", "an", "to", "of", "in", "on", "for", "and", "or", "is", "are", "do", "does", "you", "your", "we", "our",
        "i", "me", "my", "it", "be", "can", "with", "at", "by", "from", "what", "how", "there", "this", "that",
    ]

    /// Stems of the words of a text that carry meaning (stop words left out).
    public static func contentStems(_ text: String) -> [String] {
        tokens(text).filter { !stopWords.contains($0) }.map(stem)
    }

    /// Stems of every token of a text.
    public static func stems(_ text: String) -> [String] { tokens(text).map(stem) }
}

/// A text prepared once for many keyword look-ups: normalised UTF-8 and its tokens.
public struct AnalyzedText: Sendable {
    /// The normalised text as UTF-8.
    let bytes: [UInt8]
    /// The tokens.
    public let tokens: [String]

    /// Prepares a text.
    public init(_ text: String) {
        bytes = Array(TextAnalysis.normalize(text).utf8)
        tokens = TextAnalysis.tokens(text)
    }

    func contains(_ phrase: [UInt8]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= bytes.count else { return phrase.isEmpty }
        let first = phrase[0]
        var index = 0
        let last = bytes.count - phrase.count
        while index <= last {
            if bytes[index] == first {
                var offset = 1
                while offset < phrase.count, bytes[index + offset] == phrase[offset] { offset += 1 }
                if offset == phrase.count { return true }
            }
            index += 1
        }
        return false
    }
}

/// A set of keywords and phrases matched against a text by stems (words) and substrings (phrases).
public struct KeywordSet: Sendable {
    /// Single-word keywords as stem prefixes («доставк» matches «доставка», «доставкой»).
    public let stems: [String]
    /// Phrases matched as substrings of the normalised text («сколько стоит»).
    public let phrases: [String]
    /// Whole words matched exactly («да», «кп»).
    public let words: Set<String>
    private let stemBytes: [[UInt8]]
    private let phraseBytes: [[UInt8]]

    /// Creates a keyword set.
    public init(stems: [String] = [], phrases: [String] = [], words: [String] = []) {
        self.stems = stems.map(TextAnalysis.normalize)
        self.phrases = phrases.map(TextAnalysis.normalize)
        self.words = Set(words.map(TextAnalysis.normalize))
        self.stemBytes = self.stems.map { Array($0.utf8) }
        self.phraseBytes = self.phrases.map { Array($0.utf8) }
    }

    /// Whether any keyword of the set occurs in the text.
    public func occurs(in text: String) -> Bool { occurs(in: AnalyzedText(text)) }

    /// Whether any keyword of the set occurs in a prepared text.
    public func occurs(in text: AnalyzedText) -> Bool {
        for phrase in phraseBytes where text.contains(phrase) { return true }
        for stem in stemBytes where text.tokens.contains(where: { $0.utf8.starts(with: stem) }) { return true }
        return text.tokens.contains { words.contains($0) }
    }
}
