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

    /// Yes said with words of negation: checked before anything else.
    private static let negatedYes = KeywordSet(
        phrases: ["почему бы и нет", "почему бы не", "не против", "не возражаю", "еще актуал", "еще интерес", "всё ещё нужн",
                  "все еще нужн", "why not", "don't mind", "do not mind", "still interested", "still relevant"])
    private static let unsureWords = KeywordSet(
        stems: ["подума", "посовет", "обсуд", "обсуж", "посмотр"],
        phrases: ["может быть", "не знаю", "не уверен", "позже", "пока не", "пока рано", "не могу сказать", "скорее всего", "не точно",
                  "через месяц", "через неделю", "на следующей неделе", "в следующем месяце", "решу", "решим", "думаем",
                  "maybe", "not sure", "think about", "i'll think", "i will think", "later", "perhaps", "not now",
                  "next week", "next month", "we'll see", "will see", "let me check", "need to discuss", "🤔"],
        words: ["возможно", "наверное", "может", "хз", "мб", "посмотрим"])
    private static let noWords = KeywordSet(
        stems: ["передумал", "отказыва", "отпиш", "неактуал", "отмен", "unsubscrib", "cancel"],
        phrases: ["не интерес", "не надо", "не нужн", "не хочу", "не актуал", "не подходит", "откажусь", "не пишите", "не звоните",
                  "не беспокойте", "больше не пиш", "удалите мой", "удалите номер", "уже купил", "уже нашли", "уже заказали",
                  "не сейчас", "не устраива", "❌",
                  "уже решили", "нашли другого", "ни за что", "хватит", "спасибо, нет",
                  "not interested", "no thanks", "no, thanks", "don't need", "do not need", "no need", "don't text", "do not text",
                  "don't call", "do not call", "stop writing", "stop texting", "already bought", "no longer", "not anymore", "👎"],
        words: ["нет", "неа", "нету", "no", "nope", "stop", "стоп", "отказ", "отбой", "жоқ", "жок"])
    private static let yesWords = KeywordSet(
        stems: ["соглас", "договорил", "подходит", "устраива", "оформля", "оформит", "заказываю", "закажу", "возьму", "беру", "берем",
                "берём"],
        phrases: ["давайте", "давай", "я готов", "я готова", "звоните", "перезвоните", "запишите", "записывайте", "хочу",
                  "интересует", "актуально", "можно", "go ahead", "please do", "let's", "lets do", "of course", "sounds good",
                  "call me", "book me", "👍", "👌", "✅", "🤝"],
        words: ["да", "дааа", "даа", "готов", "готова", "конечно", "хорошо", "ок", "окей", "ага", "угу", "ладно", "идет",
                "годится", "отлично", "супер", "иә", "ия", "жарайды", "yes", "yeah", "yep", "sure", "ok", "okay", "agree", "agreed",
                "definitely", "deal", "погнали", "поехали", "лады", "решено", "норм"])
    /// Beginnings of words of agreement or want that «не» right before turns into a refusal: «не согласен», «не
    /// устраивает», «не договорились», «не буду», «не готовы брать» (the negation's scope is the next word).
    private static let negatableAgreement = ["соглас", "устраива", "подход", "договор", "буду", "будем", "готов", "хочу", "хотим",
                                             "интерес", "актуал", "нужн", "надо", "нрав", "беру", "возьм", "закаж", "want", "need",
                                             "interest", "agree"]

    /// Whether a word of agreement or want stands right after «не» / «not» / «don't» (a refusal by negation).
    static func negatesAgreement(_ tokens: [String]) -> Bool {
        for index in tokens.indices.dropFirst() {
            let previous = tokens[index - 1]
            // «don't» reaches here as «don» and «t».
            let negated = ["не", "not", "dont", "никак"].contains(previous)
                || (previous == "t" && index >= 2 && ["don", "doesn", "didn", "won"].contains(tokens[index - 2]))
            guard negated else { continue }
            if negatableAgreement.contains(where: { tokens[index].hasPrefix($0) }) { return true }
        }
        return false
    }

    /// Words that open a clear answer even when a question follows («Да, а когда?»).
    private static let answerOpeners: Set<String> = ["да", "нет", "конечно", "давайте", "yes", "no", "sure", "ок", "ok", "хорошо"]

    /// Classifies a customer's message.
    ///
    /// In order: a yes spoken with negation («почему бы и нет», «нет, ещё актуально»); a question that does not
    /// open with a clear answer is a new question, not an answer («а можно в пятницу?»); hesitation makes the
    /// whole answer unsure («да нет, наверное», «скорее да, но нужно обсудить»); then a clear no wins over yes
    /// words in the same message; then yes.
    public static func of(_ text: String) -> ReplyIntent {
        of(text, analyzed: AnalyzedText(text))
    }

    /// Classifies a customer's message already prepared for keyword search (`analyzed` is `AnalyzedText(text)`).
    public static func of(_ text: String, analyzed: AnalyzedText) -> ReplyIntent {
        if negatedYes.occurs(in: analyzed) { return .yes }
        if text.contains("?"), !(analyzed.tokens.first.map(answerOpeners.contains) ?? false) { return .other }
        if unsureWords.occurs(in: analyzed) { return .unsure }
        if noWords.occurs(in: analyzed) || negatesAgreement(analyzed.tokens) { return .no }
        if yesWords.occurs(in: analyzed) { return .yes }
        return .other
    }
}
