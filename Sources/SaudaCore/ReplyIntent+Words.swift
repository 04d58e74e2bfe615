/// A word of a reply as the intent reading compares it, in two spellings: `plain` (lower case, «ё» as «е», Kazakh
/// letters as their Russian neighbours, a letter repeated in a row written once: «Дааа» is «да», «жоқ» is «жок») and
/// `sound` (`plain` with the spelling-by-ear of chats folded: «о» as «а», «чн» as «шн», «э» as «е», so that
/// «дагаварились», «харашо», «канешно» and «пасмотрю» meet «договорились», «хорошо», «конечно» and «посмотрю»).
///
/// An emoji is a word of its own (its skin tone and variation selector dropped), and so is a «+» of agreement; a comma, a full stop or a
/// line break between words is a `boundary`, the end of a clause.
struct ReplyWord: Hashable, Sendable {
    let plain: String
    let sound: String

    /// The end of a clause: «,», «.», «!», «;», «…» or a line break.
    static let boundary = ReplyWord(plain: ",", sound: ",")

    var isBoundary: Bool { plain == "," }

    init(plain: String, sound: String) {
        self.plain = plain
        self.sound = sound
    }

    /// A word already in lower case (a keyword of the lexicon or a token of a reply).
    init(_ word: String) {
        let plain = Self.plainSpelling(word)
        self.init(plain: plain, sound: Self.soundSpelling(plain))
    }

    /// Kazakh letters as the Russian letters that stand for them in chats, and «ё» as «е».
    private static let letterFolds: [Character: Character] = [
        "ә": "а", "і": "и", "ң": "н", "ғ": "г", "ү": "у", "ұ": "у", "қ": "к", "ө": "о", "һ": "х", "ё": "е", "’": "'",
    ]

    static func plainSpelling(_ word: String) -> String {
        var result = ""
        var previous: Character?
        for raw in word {
            let letter = letterFolds[raw] ?? raw
            if letter != previous || letter.isNumber { result.append(letter) }
            previous = letter
        }
        return result
    }

    /// The spelling by ear: unstressed «о» is heard and often written as «а», «конечно» is said and written «канешно».
    static func soundSpelling(_ plain: String) -> String {
        var result = ""
        var previous: Character?
        for letter in plain {
            let heard: Character
            switch letter {
            case "о": heard = "а"
            case "э": heard = "е"
            case "ч" where previous == "е": heard = "ш"
            default: heard = letter
            }
            if heard != previous { result.append(heard) }
            previous = heard
        }
        return result
    }
}

/// The words of a reply and whether it asks something.
struct ReplyWords {
    let words: [ReplyWord]
    /// Whether the text holds a question mark.
    let hasQuestionMark: Bool

    /// Splits a reply into words, emoji and clause boundaries.
    init(_ text: String) {
        var words: [ReplyWord] = []
        var current = ""
        var asks = false
        func flush() {
            if !current.isEmpty { words.append(ReplyWord(current)) }
            current = ""
        }
        let scalars = Array(TextAnalysis.normalize(text).unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            // «+» on its own agrees (not the «+» of «+7 701…»).
            if scalar == "+", index + 1 == scalars.count || !TextAnalysis.isWordScalar(scalars[index + 1]) {
                flush()
                words.append(ReplyWord(plain: "+", sound: "+"))
                continue
            }
            if TextAnalysis.isWordScalar(scalar) || ((scalar == "'" || scalar == "’") && !current.isEmpty) {
                current.unicodeScalars.append(scalar)
                continue
            }
            flush()
            if scalar == "?" { asks = true }
            if Self.clauseEnds.contains(scalar) {
                if words.last?.isBoundary == false { words.append(.boundary) }
            } else if TextAnalysis.isEmoji(scalar), !Self.emojiModifiers.contains(scalar.value) {
                words.append(ReplyWord(plain: String(scalar), sound: String(scalar)))
            }
        }
        flush()
        self.words = words
        hasQuestionMark = asks
    }

    private static let clauseEnds: Set<Unicode.Scalar> = [",", ".", "!", ";", "…", "\n", "?", ")", "("]
    /// Skin tones, the emoji variation selector and the zero-width joiner: parts of an emoji, not emoji.
    private static let emojiModifiers: Set<UInt32> = [0x1F3FB, 0x1F3FC, 0x1F3FD, 0x1F3FE, 0x1F3FF, 0xFE0F, 0x200D]
}
