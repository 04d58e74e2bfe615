import Foundation

/// Finds option mentions in customer text from a data table of keywords: `"с бортами пять сантиметров"` →
/// borders, 5 cm; `"без бортов"` → borders, not wanted; `"третий ряд"` → third row. The default table is the
/// car-mat vocabulary of seed 000; a business passes its own table for its own options.
public struct OptionPhrases: Sendable, Codable, Equatable {
    /// One option and the words that name it.
    public struct Keyword: Sendable, Codable, Equatable {
        /// The option's identifier, as the catalogue names it (e.g. `"borders"`).
        public var id: String
        /// Phrases naming the option. Each phrase is a list of word beginnings matched in order on
        /// neighbouring words (`["3", "ряд"]` matches `"3-й ряд"`, `"третий ряд"` after number rewriting).
        public var phrases: [[String]]
        /// Whether a size may follow (`"борты 5 см"`): then a number with a unit near the phrase is read.
        public var takesSize: Bool

        public init(id: String, phrases: [[String]], takesSize: Bool = false) {
            self.id = id
            self.phrases = phrases
            self.takesSize = takesSize
        }
    }

    /// One option found in text.
    public struct Mention: Sendable, Codable, Equatable {
        /// The option's identifier from the table.
        public var id: String
        /// False when the customer said they do not want it (`"без бортов"`, `"борта не нужны"`).
        public var wanted: Bool
        /// The size named with it, if any.
        public var size: Int?
        /// The unit of ``size`` as written in canonical form: `"cm"` or `"mm"`.
        public var unit: String?

        public init(id: String, wanted: Bool = true, size: Int? = nil, unit: String? = nil) {
            self.id = id
            self.wanted = wanted
            self.size = size
            self.unit = unit
        }
    }

    /// The keywords, first match wins for a word.
    public var keywords: [Keyword]

    public init(keywords: [Keyword]) {
        self.keywords = keywords
    }

    /// Seed 000's car-mat options: borders (with a height), heel pad, trunk mat, third row.
    public static let carMats = OptionPhrases(keywords: [
        Keyword(id: "borders", phrases: [["борт"], ["бортик"], ["бортам"], ["border"], ["sides"]], takesSize: true),
        Keyword(id: "heel_pad", phrases: [["подпятник"], ["подпятн"], ["heel"]]),
        Keyword(id: "trunk", phrases: [["багажник"], ["багажн"], ["trunk"], ["boot"]]),
        Keyword(id: "third_row", phrases: [["3", "ряд"], ["трет", "ряд"], ["галерк"], ["third", "row"], ["3rd", "row"]]),
    ])

    /// Seed 000's product kinds: EVA mats, 5D mats, seat covers, organisers, capes.
    public static let carMatProducts = OptionPhrases(keywords: [
        Keyword(id: "eva_mats", phrases: [["ева"], ["eva"], ["эва"], ["эво"]]),
        Keyword(id: "5d_mats", phrases: [["5", "d"], ["5", "д"], ["5d"], ["5д"]]),
        Keyword(id: "seat_covers", phrases: [["чехл"], ["чехол"], ["seat", "cover"]]),
        Keyword(id: "organisers", phrases: [["органайзер"], ["organi"]]),
        Keyword(id: "capes", phrases: [["накидк"], ["накидоч"]]),
    ])

    static let units: [(prefix: String, unit: String)] = [("см", "cm"), ("сантиметр", "cm"), ("cm", "cm"),
                                                           ("мм", "mm"), ("миллиметр", "mm"), ("mm", "mm")]
    static let negations: Set<String> = ["без", "without", "no"]

    /// The options mentioned in `text`, each once, in the order first mentioned. Number words are read too.
    public func mentions(in text: String) -> [Mention] {
        let rewritten = NumberWords.rewrite(text)
        return mentions(in: Token.tokens(of: rewritten))
    }

    /// The options mentioned in tokens of text whose number words are already digits.
    public func mentions(in tokens: [Token]) -> [Mention] {
        var found: [Mention] = []
        var index = 0
        while index < tokens.count {
            guard let (keyword, length) = match(at: index, in: tokens) else {
                index += 1
                continue
            }
            var mention = Mention(id: keyword.id, wanted: !isNegated(at: index, length: length, in: tokens))
            if keyword.takesSize, mention.wanted, let size = size(near: index, length: length, in: tokens) {
                mention.size = size.value
                mention.unit = size.unit
            }
            if let existing = found.firstIndex(where: { $0.id == mention.id }) {
                if found[existing].size == nil, mention.size != nil { found[existing] = mention }
            } else {
                found.append(mention)
            }
            index += length
        }
        return found
    }

    /// Endings written after digits of an ordinal (`3-й`, `3-м`, `3-го`), skipped when a phrase has a number.
    static let ordinalEndings: Set<String> = ["й", "го", "м", "му", "я", "ю", "е", "х", "ми", "ий", "ый", "ем", "ом"]

    /// The keyword whose phrase starts at `index` and how many tokens it spans.
    private func match(at index: Int, in tokens: [Token]) -> (Keyword, Int)? {
        for keyword in keywords {
            phrases: for phrase in keyword.phrases where !phrase.isEmpty {
                var cursor = index
                for beginning in phrase {
                    guard cursor < tokens.count else { continue phrases }
                    let word = tokens[cursor].key
                    let isNumber = beginning.allSatisfy(\.isNumber)
                    guard isNumber ? word == beginning : word.hasPrefix(beginning) else { continue phrases }
                    cursor += 1
                    if isNumber, cursor < tokens.count, Self.ordinalEndings.contains(tokens[cursor].key) { cursor += 1 }
                }
                return (keyword, cursor - index)
            }
        }
        return nil
    }

    private func isNegated(at index: Int, length: Int, in tokens: [Token]) -> Bool {
        let before = tokens[max(0, index - 2)..<index].map(\.key)
        if before.contains(where: Self.negations.contains) { return true }
        let after = tokens[(index + length)..<min(tokens.count, index + length + 3)].map(\.key)
        if let position = after.firstIndex(where: { $0 == "не" || $0 == "нет" }) {
            let rest = after[(position + 1)...]
            return after[position] == "нет" || rest.contains { $0.hasPrefix("нуж") || $0.hasPrefix("надо") || $0.hasPrefix("хочу") }
        }
        return false
    }

    private func size(near index: Int, length: Int, in tokens: [Token]) -> (value: Int, unit: String)? {
        let window = max(0, index - 3)..<min(tokens.count, index + length + 5)
        for position in window where position + 1 < tokens.count {
            guard let value = tokens[position].number, value > 0, value < 1000 else { continue }
            let next = tokens[position + 1].key
            if let unit = Self.units.first(where: { next.hasPrefix($0.prefix) }) {
                return (value, unit.unit)
            }
        }
        return nil
    }
}
