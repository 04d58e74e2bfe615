/// How a customer answered a question or an offer (seed 004, follow-up rules).
public enum ReplyIntent: String, Sendable, Codable, Hashable {
    /// A clear yes: «Да», «Согласен», «Готов», «Давайте».
    case yes
    /// A clear no: «Нет», «Не интересно», «Не надо».
    case no
    /// An unsure answer: «Посмотрю», «Подумаю», «Может быть».
    case unsure
    /// None of these: an ordinary message.
    case other

    private static let noWords = KeywordSet(
        phrases: ["не интерес", "не надо", "не нужно", "не хочу", "не актуально", "нам не подходит", "откажусь",
                  "not interested", "no thanks", "no, thanks", "don't need", "do not need", "no need"],
        words: ["нет", "неа", "no", "nope"])
    private static let unsureWords = KeywordSet(
        phrases: ["посмотрю", "подумаю", "может быть", "не знаю", "не уверен", "позже", "потом", "пока не",
                  "maybe", "not sure", "think about it", "i'll think", "i will think", "later", "perhaps"],
        words: ["возможно", "наверное"])
    private static let yesWords = KeywordSet(
        phrases: ["давайте", "я готов", "я готова", "let's", "lets do", "of course", "sounds good"],
        words: ["да", "согласен", "согласна", "готов", "готова", "конечно", "хорошо", "ок", "окей", "ага",
                "yes", "yeah", "yep", "sure", "ok", "okay", "agree", "agreed"])

    /// Classifies a customer's message. A clear «no» wins over «yes» words in the same message,
    /// and an unsure phrase («да, но подумаю») makes the whole answer unsure.
    public static func of(_ text: String) -> ReplyIntent {
        let text = AnalyzedText(text)
        if noWords.occurs(in: text) { return .no }
        if unsureWords.occurs(in: text) { return .unsure }
        if yesWords.occurs(in: text) { return .yes }
        return .other
    }
}
