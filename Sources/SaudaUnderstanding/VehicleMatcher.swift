import Foundation

/// Finds brand and model names in tokens using a ``VehicleLexicon``: exact names and aliases, case endings
/// (`тойоту`, `крузаке`), joined spellings (`рав 4` = `rav4`) and, for longer words, misspellings.
struct VehicleMatcher: Sendable {
    enum Target: Sendable, Equatable {
        case brand(Int)
        case model(brand: Int, model: Int)

        var brandIndex: Int {
            switch self {
            case .brand(let index): index
            case .model(let index, _): index
            }
        }
    }

    struct Entry: Sendable {
        let target: Target
        let key: String
        let isMultiword: Bool
        /// How many words the alias has as written (`рав 4` has 2, `rav4` has 1).
        let wordCount: Int
        /// Whether a model alias may name the model without its brand in the same text.
        let standsAlone: Bool
    }

    /// One name found in the text.
    struct Match: Sendable {
        let entries: [Entry]
        let tokenRange: Range<Int>
        let written: String
        let isFuzzy: Bool
    }

    let lexicon: VehicleLexicon
    private var exact: [String: [Entry]] = [:]
    private var stems: [String: [Entry]] = [:]
    private var fuzzyByFirst: [Character: [Entry]] = [:]

    init(lexicon: VehicleLexicon) {
        self.lexicon = lexicon
        for (brandIndex, brand) in lexicon.brands.enumerated() {
            for alias in [brand.name] + brand.aliases {
                add(alias, target: .brand(brandIndex), shortStandsAlone: true)
            }
            for (modelIndex, model) in brand.models.enumerated() {
                for alias in [model.name] + model.aliases {
                    add(alias, target: .model(brand: brandIndex, model: modelIndex), shortStandsAlone: model.shortAliasesStandAlone)
                }
            }
        }
    }

    private mutating func add(_ alias: String, target: Target, shortStandsAlone: Bool) {
        let words = TextKey.words(alias)
        let key = Transliteration.matchKey(alias)
        guard !key.isEmpty else { return }
        let hasLetter = key.contains(where: \.isLetter)
        let hasDigit = key.contains(where: \.isNumber)
        let standsAlone: Bool
        switch target {
        case .brand: standsAlone = true
        case .model:
            if !hasLetter {
                standsAlone = false
            } else if CommonWords.needBrand.contains(key) {
                standsAlone = false
            } else if hasDigit {
                standsAlone = key.count >= 2
            } else {
                standsAlone = key.count >= 4 || shortStandsAlone
            }
        }
        let entry = Entry(target: target, key: key, isMultiword: words.count > 1, wordCount: words.count,
                          standsAlone: standsAlone)
        exact[key, default: []].append(entry)
        if words.count == 1 {
            let stemKey = Transliteration.matchKey(RussianStem.stem(words[0]))
            if stemKey != key { stems[stemKey, default: []].append(entry) }
        }
        if hasLetter, key.count >= 5, let first = key.first {
            fuzzyByFirst[first, default: []].append(entry)
        }
    }

    /// Every name found in `tokens`, left to right, longest first at each place; tokens in `skipping` are ignored.
    func matches(in tokens: [Token], text: String, skipping: Set<Int> = []) -> [Match] {
        var found: [Match] = []
        var index = 0
        while index < tokens.count {
            if skipping.contains(index) {
                index += 1
                continue
            }
            if let match = longestMatch(in: tokens, text: text, at: index, skipping: skipping) {
                found.append(match)
                index = match.tokenRange.upperBound
            } else {
                index += 1
            }
        }
        return found
    }

    private func longestMatch(in tokens: [Token], text: String, at start: Int, skipping: Set<Int>) -> Match? {
        let maxLength = min(4, tokens.count - start)
        guard maxLength > 0 else { return nil }
        for length in stride(from: maxLength, through: 1, by: -1) {
            let range = start..<(start + length)
            if range.contains(where: skipping.contains) { continue }
            var spaced = false
            var broken = false
            for gap in range.dropLast() {
                let between = text[tokens[gap].range.upperBound..<tokens[gap + 1].range.lowerBound]
                if between.count > 3 || between.contains(where: { !$0.isWhitespace && !"-./".contains($0) }) {
                    broken = true
                } else if between.contains(where: \.isWhitespace) {
                    spaced = true
                }
            }
            if broken { continue }
            let words = range.map { tokens[$0].key }
            let written = String(text[tokens[range.lowerBound].range.lowerBound..<tokens[range.upperBound - 1].range.upperBound])
            let key = Transliteration.matchKey(words.joined())
            if let entries = exact[key]?.filter({ !spaced || $0.isMultiword || length == 1 }), !entries.isEmpty {
                return Match(entries: entries, tokenRange: range, written: written, isFuzzy: false)
            }
            if length == 1 {
                let stem = RussianStem.stem(words[0])
                if CommonWords.neverFuzzy.contains(stem) || CommonWords.neverFuzzy.contains(words[0]) { continue }
                let stemKey = Transliteration.matchKey(stem)
                if let entries = exact[stemKey] ?? stems[stemKey] {
                    return Match(entries: entries, tokenRange: range, written: written, isFuzzy: false)
                }
            }
            if length <= 3, !words.contains(where: { CommonWords.neverFuzzy.contains(RussianStem.stem($0)) || CommonWords.isKazakh($0) }) {
                let stemKey = Transliteration.matchKey(words.dropLast().joined() + RussianStem.stem(words[words.count - 1]))
                if let fuzzy = fuzzyMatch(keys: [key, stemKey], length: length) {
                    return Match(entries: fuzzy, tokenRange: range, written: written, isFuzzy: true)
                }
            }
        }
        return nil
    }

    private func fuzzyMatch(keys: [String], length: Int) -> [Entry]? {
        guard let first = keys.first?.first, let candidates = fuzzyByFirst[first] else { return nil }
        var best: (distance: Int, entries: [Entry])?
        // A misspelt phrase must have as many words as the name it is read as, so a stray word next to a
        // name (`мерседес бенц е`) is not swallowed into it.
        for entry in candidates where length == 1 || entry.wordCount == length {
            for key in keys where key.count >= 5 && key.contains(where: \.isLetter) {
                guard FuzzyMatch.isClose(key, to: entry.key) else { continue }
                let distance = FuzzyMatch.distance(key, entry.key)
                if best == nil || distance < best?.distance ?? Int.max {
                    best = (distance, [entry])
                } else if distance == best?.distance, let current = best {
                    best = (distance, current.entries + [entry])
                }
            }
        }
        return best?.entries
    }
}
