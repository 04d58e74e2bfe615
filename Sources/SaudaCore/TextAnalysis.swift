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
        text.lowercased().replacingOccurrences(of: "ё", with: "е")
    }

    /// Splits a text into lower-case word tokens (letters and digits).
    public static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in normalize(text).unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Counts emoji (pictographs, not digits or punctuation).
    public static func emojiCount(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { count, scalar in
            let props = scalar.properties
            let isEmoji = props.isEmojiPresentation || (props.isEmoji && scalar.value > 0x2000 && !props.isASCIIHexDigit)
            return count + (isEmoji ? 1 : 0)
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

    private static let russianEndings: [String] = [
        "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "ости", "ость", "ться", "тся",
        "ешь", "ете", "ите", "ить", "ать", "ять", "ает", "яет", "ует", "ают", "яют", "уют", "ала", "али", "ило",
        "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ой", "ей", "ую", "юю", "ом", "ем", "ам", "ям", "ах",
        "ях", "ов", "ев", "ия", "ья", "ью", "ет", "ит", "ут", "ют", "ат", "ят", "ла", "ли", "ло", "ть",
        "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
    ]
    private static let englishEndings: [String] = ["ings", "ing", "ies", "ied", "ed", "es", "ly", "s", "y"]

    /// A light suffix-stripping stem for Russian and English words: «доставкой» and «доставка» give
    /// «доставк», «prices» and «price» give «pric»/«price» prefixes that match each other.
    public static func stem(_ token: String) -> String {
        let isCyrillic = token.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }
        let endings = isCyrillic ? russianEndings : englishEndings
        let minimumStem = isCyrillic ? 3 : 3
        for ending in endings where token.hasSuffix(ending) && token.count - ending.count >= minimumStem {
            return String(token.dropLast(ending.count))
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

/// A set of keywords and phrases matched against a text by stems (words) and substrings (phrases).
public struct KeywordSet: Sendable {
    /// Single-word keywords as stem prefixes («доставк» matches «доставка», «доставкой»).
    public var stems: [String]
    /// Phrases matched as substrings of the normalised text («сколько стоит»).
    public var phrases: [String]
    /// Whole words matched exactly («да», «кп»).
    public var words: Set<String>

    /// Creates a keyword set.
    public init(stems: [String] = [], phrases: [String] = [], words: [String] = []) {
        self.stems = stems.map(TextAnalysis.normalize)
        self.phrases = phrases.map(TextAnalysis.normalize)
        self.words = Set(words.map(TextAnalysis.normalize))
    }

    /// The keywords of this set found in the text, in the set's order, without repeats.
    public func matches(in text: String) -> [String] {
        let normalized = TextAnalysis.normalize(text)
        let tokens = TextAnalysis.tokens(text)
        var found: [String] = []
        for phrase in phrases where normalized.contains(phrase) { found.append(phrase) }
        for stem in stems where tokens.contains(where: { $0.hasPrefix(stem) }) { found.append(stem) }
        for word in words.sorted() where tokens.contains(word) { found.append(word) }
        return found
    }

    /// Whether any keyword of the set occurs in the text.
    public func occurs(in text: String) -> Bool { !matches(in: text).isEmpty }
}
