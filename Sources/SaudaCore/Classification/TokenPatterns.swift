/// Word sequences to look for in a message, written as text: words separated by spaces, a word ending in «*» is a
/// beginning of a word (a stem: «ваш* реклам*» matches «вашу рекламу» and «вашей рекламе»), «|» separates
/// alternatives of one word («ошиб*|ошиблась номер*»), and «_» stands for any one word («сколько _ стоит»).
///
/// Patterns are filed by the first letter of their first word, so a message's word is tried only against the patterns
/// that can start with it: the cost grows with the message, not with the message times the patterns.
struct TokenPatterns: Sendable {
    /// One word of a pattern.
    struct Word: Sendable {
        /// The alternatives: a text and whether it is only the beginning of the word.
        let alternatives: [(text: String, isStem: Bool)]

        init(_ source: Substring) {
            alternatives = source.split(separator: "|").map { part in
                part.hasSuffix("*") ? (String(part.dropLast()), true) : (String(part), false)
            }
        }

        func matches(_ token: String) -> Bool {
            alternatives.contains { alternative in
                alternative.isStem ? token.hasWordPrefix(alternative.text)
                    : alternative.text == "_" || token.utf8.elementsEqual(alternative.text.utf8)
            }
        }
    }

    /// The patterns, each a sequence of words.
    let patterns: [[Word]]
    /// For each first letter, the patterns whose first word can begin with it.
    private let byFirstLetter: [Unicode.Scalar: [Int]]
    /// Patterns whose first word is any word («_ …»).
    private let startingAnywhere: [Int]

    /// Parses patterns (lower-case, «е» for «ё», Kazakh letters folded as ``ClassifierMessage`` folds them).
    init(_ sources: [String]) {
        let patterns = sources.map { source in
            ClassifierMessage.fold(TextAnalysis.normalize(source)).split(separator: " ").map(Word.init)
        }
        var byFirstLetter: [Unicode.Scalar: [Int]] = [:]
        var startingAnywhere: [Int] = []
        for (index, pattern) in patterns.enumerated() {
            guard let first = pattern.first else { continue }
            for alternative in first.alternatives {
                guard alternative.text != "_", let letter = alternative.text.unicodeScalars.first else {
                    startingAnywhere.append(index)
                    continue
                }
                if byFirstLetter[letter]?.last != index { byFirstLetter[letter, default: []].append(index) }
            }
        }
        self.patterns = patterns
        self.byFirstLetter = byFirstLetter
        self.startingAnywhere = startingAnywhere
    }

    /// Whether any pattern occurs in `tokens` as consecutive words.
    func occurs(in tokens: [String]) -> Bool { firstMatch(in: tokens) != nil }

    /// Where the first match of any pattern starts in `tokens`, or nil.
    func firstMatch(in tokens: [String]) -> Int? {
        for start in tokens.indices {
            guard let letter = tokens[start].unicodeScalars.first else { continue }
            for index in (byFirstLetter[letter] ?? []) + startingAnywhere where matches(patterns[index], in: tokens, at: start) {
                return start
            }
        }
        return nil
    }

    private func matches(_ pattern: [Word], in tokens: [String], at start: Int) -> Bool {
        guard start + pattern.count <= tokens.count else { return false }
        return pattern.indices.allSatisfy { pattern[$0].matches(tokens[start + $0]) }
    }
}
