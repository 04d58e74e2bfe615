extension ReplyIntent {
    /// Words that say yes whole, alone or together («да», «хорошо, давайте», «ок, договорились»).
    private static let yesWords: Set<String> = [
        "да", "даа", "дааа", "ага", "угу", "конечно", "согласен", "согласна", "согласны", "договорились", "подходит", "устраивает",
        "давайте", "давай", "хорошо", "ок", "окей", "ладно", "годится", "отлично", "супер", "иә", "ия", "жарайды", "келісемін",
        "yes", "yeah", "yep", "sure", "ok", "okay", "deal", "agreed",
    ]
    /// Words that say no whole, alone or together («нет», «нет-нет»).
    private static let noWords: Set<String> = ["нет", "неа", "жоқ", "жок", "no", "nope"]
    /// Refusals of more than one word.
    private static let noPhrases: Set<String> = [
        "не надо", "не нужно", "не интересно", "не актуально", "не хочу", "не сейчас", "керек емес", "not interested", "no need",
    ]
    /// Courtesy words around an answer («да, спасибо», «нет, рахмет»).
    private static let courtesy: Set<String> = ["спасибо", "спс", "пожалуйста", "благодарю", "рахмет", "thanks", "thank", "you", "please"]
    private static let yesEmoji: Set<Unicode.Scalar> = ["👍", "👌", "✅", "🤝"]
    private static let noEmoji: Set<Unicode.Scalar> = ["👎", "❌"]

    /// The cheap first pass before any model: the intent of an answer that is obviously yes or no on its own («Да»,
    /// «Нет, спасибо», «Договорились!», «иә», 👍), `nil` for anything a reader should weigh (a question, a condition,
    /// hesitation, more words).
    public static func obvious(_ text: String) -> ReplyIntent? {
        guard !text.contains("?"), !text.unicodeScalars.contains("🤔") else { return nil }
        let tokens = AnalyzedText(text).tokens
        if tokens.isEmpty { return emojiAnswer(text) }
        guard tokens.count <= 4 else { return nil }
        let words = tokens.filter { !courtesy.contains($0) }
        guard !words.isEmpty else { return nil }
        if words.allSatisfy(yesWords.contains) { return .yes }
        if words.allSatisfy(noWords.contains) || noPhrases.contains(words.joined(separator: " ")) { return .no }
        return nil
    }

    /// A message of emoji only: all of them yes, or all of them no (a skin tone does not change a thumb).
    private static func emojiAnswer(_ text: String) -> ReplyIntent? {
        let marks = text.filter { !$0.isWhitespace && !$0.isPunctuation }.compactMap(\.unicodeScalars.first)
        guard !marks.isEmpty else { return nil }
        if marks.allSatisfy(yesEmoji.contains) { return .yes }
        if marks.allSatisfy(noEmoji.contains) { return .no }
        return nil
    }
}
