/// How a customer answered a question or an offer (a clear yes or no ends a follow-up chain, docs/follow-ups.md).
public enum ReplyIntent: String, Sendable, Codable, Hashable {
    /// A clear yes: «Да», «Согласен», «Готов», «Давайте».
    case yes
    /// A clear no: «Нет», «Не интересно», «Не надо», «Не пишите больше».
    case no
    /// An unsure answer: «Посмотрю», «Подумаю», «Может быть», «Посоветуюсь с женой».
    case unsure
    /// None of these: an ordinary message, a new question, a greeting.
    case other

    /// Classifies a customer's message.
    ///
    /// The words are read by stem and as heard, so that forms and chat spellings of a word meet («согласна»,
    /// «соглашусь»; «дагаварились», «канешно»), with a negation's scope over the next word of meaning («не очень
    /// хочу» refuses, «ничего не имею против» agrees) and Kazakh, English and emoji answers (`ReplyLexicon`).
    ///
    /// In order: a question that does not open with a clear answer is a new question («а можно в пятницу?», but
    /// «Да, а когда доставка?» agrees); hesitation makes the whole answer unsure («да нет, наверное», «ок, подумаю»);
    /// a want said again outweighs a no («нет, ещё актуально»); a no wins over yes words in the same message
    /// («да нет», «конечно нет»); then yes; then a leaning said alone («думаю», «пожалуй»).
    public static func of(_ text: String) -> ReplyIntent {
        let words = ReplyWords(text)
        let separated = ReplyReading.separated(words.words)
        let cues = ReplyReading.cues(in: separated)
        if ReplyQuestion.asksSomethingElse(separated, cues: cues, hasQuestionMark: words.hasQuestionMark) { return .other }
        let said = Set(cues.map(\.cue))
        if said.contains(.unsure) { return .unsure }
        if said.contains(.stillWanted) { return .yes }
        if said.contains(.no) { return .no }
        if said.contains(.yes) { return .yes }
        if said.contains(.leaningUnsure) { return .unsure }
        if said.contains(.leaningYes) { return .yes }
        return .other
    }

    /// Classifies a customer's message; `analyzed` (`AnalyzedText(text)`) is accepted for callers that prepared it,
    /// the reading itself needs the emoji and punctuation it leaves out.
    public static func of(_ text: String, analyzed: AnalyzedText) -> ReplyIntent {
        of(text)
    }
}
