/// Word sequences to look for in a message, written as text: words separated by spaces, a word ending in «*» is a
/// beginning of a word (a stem: «ваш* реклам*» matches «вашу рекламу» and «вашей рекламе»), «|» separates
/// alternatives of one word («ошиб*|ошиблась номер*»), and «_» stands for any one word («сколько _ стоит»).
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
            alternatives.contains { $0.text == "_" || ($0.isStem ? token.hasPrefix($0.text) : token == $0.text) }
        }
    }

    /// The patterns, each a sequence of words.
    let patterns: [[Word]]

    /// Parses patterns (lower-case, «е» for «ё», Kazakh letters folded as ``ClassifierMessage`` folds them).
    init(_ sources: [String]) {
        patterns = sources.map { source in
            ClassifierMessage.fold(TextAnalysis.normalize(source)).split(separator: " ").map(Word.init)
        }
    }

    /// Whether any pattern occurs in `tokens` as consecutive words.
    func occurs(in tokens: [String]) -> Bool { firstMatch(in: tokens) != nil }

    /// Where the first match of any pattern starts in `tokens`, or nil.
    func firstMatch(in tokens: [String]) -> Int? {
        for pattern in patterns where !pattern.isEmpty && pattern.count <= tokens.count {
            for start in 0...(tokens.count - pattern.count)
            where pattern.indices.allSatisfy({ pattern[$0].matches(tokens[start + $0]) }) {
                return start
            }
        }
        return nil
    }
}
