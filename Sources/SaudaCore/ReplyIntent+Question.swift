/// Whether a reply asks something new instead of answering: «а сколько стоит доставка?», «когда привезёте».
enum ReplyQuestion {
    /// A question (a «?», or a question word first, as voice messages come without one) that does not open with a
    /// clear answer.
    static func asksSomethingElse(_ words: [ReplyWord], cues: [FoundCue], hasQuestionMark: Bool) -> Bool {
        guard let first = words.firstIndex(where: { !$0.isBoundary && !openingCourtesies.contains($0.plain) }) else {
            return hasQuestionMark
        }
        guard hasQuestionMark || opensWithQuestionWord(words, at: first) else { return false }
        return !opensWithAnswer(words, cues: cues, at: first)
    }

    /// Greetings, thanks and fillers a reply may open with before its answer.
    private static let openingCourtesies = ReplyLexicon.plainSet([
        "а", "ну", "и", "так", "ой", "хм", "м", "эх", "слушайте", "здравствуйте", "здрасте", "здрасьте", "привет",
        "приветствую", "добрый", "доброе", "доброй", "день", "вечер", "утро", "салам", "сәлем", "сәлеметсіз", "бе",
        "спасибо", "рахмет", "hi", "hello", "hey", "good", "morning", "afternoon", "evening", "thanks", "thank", "you",
    ])

    private static let questionWords = ReplyLexicon.plainSet([
        "сколько", "когда", "где", "куда", "откуда", "какой", "какая", "какое", "какие", "каких", "каким", "какую", "кто",
        "кого", "кому", "чем", "зачем", "почему", "подскажите", "скажите", "what", "when", "where", "who", "how", "why",
        "which", "is", "are", "do", "does",
    ])

    private static func opensWithQuestionWord(_ words: [ReplyWord], at first: Int) -> Bool {
        let next = first + 1 < words.count ? words[first + 1].plain : ""
        // «почему бы и нет», «why not» answer; «есть ли», «можно ли» ask.
        if questionWords.contains(words[first].plain), !["бы", "нет", "не", "not"].contains(next) { return true }
        // «как оплатить», but «как скажете», «как вам удобно».
        if words[first].plain == "как", !["скажете", "хотите", "договаривались", "договорились", "удобно", "вам"].contains(next) {
            return true
        }
        if next == "ли" { return true }
        // «а можно в рассрочку», «а у вас есть чёрный», «а если самовывоз»: «а» opens a new question.
        return first > 0 && words[first - 1].plain == "а" && questionsAfterA.contains(words[first].plain)
    }

    /// First words of a question after «а».
    private static let questionsAfterA: Set<String> = ["можно", "у", "есть", "если", "вы", "это", "там"]

    /// Words of a clear answer a question may follow: «Да, а когда?», «Нет, а что есть дешевле?».
    private static let answerWords = ["да", "ага", "угу", "ок", "окей", "конечн*", "давай*", "хорош*", "ладн*", "соглас*",
                                      "иә", "ия", "жарайды", "yes", "yeah", "sure", "ok", "okay", "👍", "👌", "✅"]
        .map(ReplyWordPattern.init)

    private static func opensWithAnswer(_ words: [ReplyWord], cues: [FoundCue], at first: Int) -> Bool {
        guard let opening = cues.first(where: { $0.start == first }) else { return false }
        switch opening.cue {
        case .no, .stillWanted: return true
        case .yes: return answerWords.contains { $0.matches(words[first]) }
        case .unsure, .leaningYes, .leaningUnsure, .neutral: return false
        }
    }
}
