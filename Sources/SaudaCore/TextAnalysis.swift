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
    /// a scalar starts one) instead of decoding it, which costs several times more. Eight bytes are tested at a
    /// time: a turn counts its whole prompt this way.
    public static func scalarCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { scalarCount(utf8: $0) }
    }

    /// The number of Unicode scalars in valid UTF-8 `bytes`.
    static func scalarCount(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let words = bytes.count / 8
        var continuations = 0
        for word in 0..<words {
            let chunk = UInt64(littleEndian: UnsafeRawPointer(base + word * 8).loadUnaligned(as: UInt64.self))
            // A continuation byte is 10xxxxxx: its top bit set and the next one clear.
            continuations += ((chunk & ~(chunk << 1)) & 0x8080_8080_8080_8080).nonzeroBitCount
        }
        for byte in bytes[(words * 8)...] where byte & 0xC0 == 0x80 { continuations += 1 }
        return bytes.count - continuations
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

    /// An ending the stemmer strips: its UTF-8 bytes and its length in scalars.
    private struct Ending {
        let bytes: [UInt8]
        let scalars: Int
        init(_ text: String) {
            bytes = Array(text.utf8)
            scalars = text.unicodeScalars.count
        }
    }

    private static let russianEndings: [Ending] = [
        "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "ости", "ость", "ться", "тся",
        "ешь", "ете", "ите", "ить", "ать", "ять", "ает", "яет", "ует", "ают", "яют", "уют", "ала", "али", "ило",
        "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ой", "ей", "ую", "юю", "ом", "ем", "ам", "ям", "ах",
        "ях", "ов", "ев", "ия", "ья", "ью", "ет", "ит", "ут", "ют", "ат", "ят", "ла", "ли", "ло", "ть",
        "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
    ].map(Ending.init)
    private static let englishEndings: [Ending] = ["ings", "ing", "ies", "ied", "ed", "es", "ly", "s", "y"].map(Ending.init)

    /// A light suffix-stripping stem for Russian and English words: «доставкой» and «доставка» give
    /// «доставк», «delivery» and «deliver» give «deliver».
    ///
    /// Compared on UTF-8 bytes: an ending begins with a whole scalar, so a byte match is a match of scalars.
    public static func stem(_ token: String) -> String {
        var text = token
        let kept: Int? = text.withUTF8 { bytes in
            // U+0400…U+04FF (Cyrillic) begin with the bytes D0…D3.
            let isCyrillic = bytes.contains { $0 >= 0xD0 && $0 <= 0xD3 }
            let scalars = scalarCount(utf8: bytes)
            for ending in isCyrillic ? russianEndings : englishEndings
            where scalars - ending.scalars >= 3 && bytes.count >= ending.bytes.count
                && bytes[(bytes.count - ending.bytes.count)...].elementsEqual(ending.bytes) {
                return bytes.count - ending.bytes.count
            }
            return nil
        }
        guard let kept else { return token }
        return String(decoding: token.utf8.prefix(kept), as: UTF8.self)
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

    func contains(_ phrase: [UInt8]) -> Bool { Self.contains(phrase, in: bytes) }

    /// Whether `phrase` occurs in `bytes` (an empty phrase always does).
    static func contains(_ phrase: [UInt8], in bytes: [UInt8]) -> Bool {
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

    /// Whether any phrase of the set occurs in the text, its stems and words left aside: the text is only
    /// normalised, not split into tokens.
    public func phraseOccurs(in text: String) -> Bool {
        let bytes = Array(TextAnalysis.normalize(text).utf8)
        return phraseBytes.contains { AnalyzedText.contains($0, in: bytes) }
    }

    /// Whether any keyword of the set occurs in a prepared text.
    public func occurs(in text: AnalyzedText) -> Bool {
        for phrase in phraseBytes where text.contains(phrase) { return true }
        for stem in stemBytes where text.tokens.contains(where: { $0.utf8.starts(with: stem) }) { return true }
        return text.tokens.contains { words.contains($0) }
    }
}
