/// A cue found in a reply and the index of the word it starts at (its negation's, when negated).
struct FoundCue: Hashable, Sendable {
    let cue: ReplyCue
    let start: Int
}

/// Reads the cues of a reply's words: the lexicon's phrases, longest first, and the scope of a negation over the
/// next word of meaning («не очень-то хочу», «ничего не имею против»).
enum ReplyReading {
    /// The words of a reply with words written together apart («незнаю», «ненадо», «данет») and speech spellings
    /// respelled («щас»).
    static func separated(_ words: [ReplyWord]) -> [ReplyWord] {
        words.flatMap { word -> [ReplyWord] in
            if let respelled = respellings[word.plain] { return respelled.map(ReplyWord.init) }
            return split(word)
        }
    }

    private static let respellings: [String: [String]] = [
        "щас": ["сейчас"], "ща": ["сейчас"], "счас": ["сейчас"], "нинада": ["не", "надо"], "нинадо": ["не", "надо"],
        "нзн": ["не", "знаю"], "хорошо": ["хорошо"],
    ]

    /// Words that are written glued to the next one: «не», «да», «ну», «ок».
    private static let gluedFirstWords = ["не", "да", "ну", "ок"]

    private static func split(_ word: ReplyWord) -> [ReplyWord] {
        guard !startsAPhrase(word) else { return [word] }
        for first in gluedFirstWords where word.plain.hasPrefix(first) {
            let rest = ReplyWord(String(word.plain.dropFirst(first.count)))
            guard rest.plain.count >= 2, startsAPhrase(rest) else { continue }
            return [ReplyWord(first)] + split(rest)
        }
        return [word]
    }

    private static func startsAPhrase(_ word: ReplyWord) -> Bool {
        ReplyLexicon.phrases(openedBy: word).contains { $0.patterns.count == 1 && $0.patterns[0].matches(word) }
            || ReplyLexicon.negations.contains(word.plain)
    }

    /// The cues of `words` in order.
    static func cues(in words: [ReplyWord]) -> [FoundCue] {
        var found: [FoundCue] = []
        var negation: Int?
        var index = 0
        while index < words.count {
            let word = words[index]
            if let phrase = ReplyLexicon.phrases(openedBy: word).first(where: { $0.matches(words, at: index) }) {
                var cue = negation == nil ? phrase.cue : (phrase.negatedCue ?? phrase.cue)
                var end = index + phrase.patterns.count
                if negation == nil, phrase.onlyAtClauseEnd, end < words.count, !words[end].isBoundary { cue = .neutral }
                if end < words.count, words[end].plain == ReplyLexicon.negationAfter {
                    cue = negatedAfter(cue)
                    end += 1
                }
                found.append(FoundCue(cue: cue, start: negation ?? index))
                negation = nil
                index = end
                continue
            }
            if ReplyLexicon.negations.contains(word.plain) {
                // «не не надо»: the first «не» negates nothing and is a no of its own.
                if let dangling = negation { found.append(FoundCue(cue: .no, start: dangling)) }
                negation = index
            } else if let pending = negation {
                if word.isBoundary {
                    // «не, спасибо», «Не!»: a «не» ending its clause is a no.
                    found.append(FoundCue(cue: .no, start: pending))
                    negation = nil
                } else if !ReplyLexicon.reachedPast.contains(word.plain) {
                    negation = nil
                }
            }
            index += 1
        }
        if let dangling = negation { found.append(FoundCue(cue: .no, start: dangling)) }
        return found
    }

    /// What a Kazakh «емес» after a cue makes of it: «керек емес» is a no.
    private static func negatedAfter(_ cue: ReplyCue) -> ReplyCue {
        switch cue {
        case .yes, .leaningYes, .stillWanted: return .no
        case .no: return .yes
        case .unsure, .leaningUnsure, .neutral: return cue
        }
    }
}
