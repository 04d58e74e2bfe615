/// What a word or a phrase of a reply says about the answer.
enum ReplyCue: Sendable, Hashable {
    /// Agreement: «да», «согласна», «договорились», «👍».
    case yes
    /// Refusal: «нет», «не надо», «отпишите», «👎».
    case no
    /// Hesitation or a later decision: «подумаю», «может быть», «не знаю», «🤔».
    case unsure
    /// Still wanted, which outweighs a «нет» before it: «нет, ещё актуально», «still interested».
    case stillWanted
    /// Agreement only when nothing else is said: «пожалуй», «в принципе», «нужно», «буду».
    case leaningYes
    /// Hesitation only when nothing else is said: «думаю» («думаю, да» agrees).
    case leaningUnsure
    /// Words that look like a cue and say nothing about the answer: «чем нет», «хочу узнать», «не за что».
    case neutral
}

/// A pattern for one word: the exact word, or (written with a final «*») the beginning of a word.
struct ReplyWordPattern: Sendable, Hashable {
    let word: ReplyWord
    let isStem: Bool

    init(_ text: String) {
        isStem = text.hasSuffix("*")
        word = ReplyWord(isStem ? String(text.dropLast()) : text)
    }

    /// Whether `candidate` is this word (short words compared as written, so that «до» stays apart from «да»,
    /// longer ones as heard) or begins with this stem (compared as heard).
    func matches(_ candidate: ReplyWord) -> Bool {
        if isStem { return candidate.sound.utf8.starts(with: word.sound.utf8) }
        if word.plain.count <= 3 { return candidate.plain == word.plain }
        return candidate.sound == word.sound
    }
}

/// A word or a run of words of the lexicon, what it says, and what it says after a negation («не», «not»).
struct ReplyPhrase: Sendable {
    let patterns: [ReplyWordPattern]
    let cue: ReplyCue
    /// The cue under negation; `nil` when a negation does not change it.
    let negatedCue: ReplyCue?
    /// Whether the phrase says its cue (not negated) only at the end of its clause: «Нужно!», not «нужна консультация».
    let onlyAtClauseEnd: Bool

    init(_ text: String, _ cue: ReplyCue, negated: ReplyCue?, onlyAtClauseEnd: Bool = false) {
        patterns = text.split(separator: " ").map { ReplyWordPattern(String($0)) }
        self.cue = cue
        negatedCue = negated
        self.onlyAtClauseEnd = onlyAtClauseEnd
    }

    /// How much of a word the phrase pins down: the letters of its stems, and one more for each whole word.
    var particularity: Int {
        patterns.reduce(0) { $0 + $1.word.sound.count + ($1.isStem ? 0 : 1) }
    }

    /// Whether the phrase's words stand in `words` from `start` on.
    func matches(_ words: [ReplyWord], at start: Int) -> Bool {
        guard start + patterns.count <= words.count else { return false }
        for (offset, pattern) in patterns.enumerated() where !pattern.matches(words[start + offset]) { return false }
        return true
    }
}
