/// Whether a customer's message asks for a person of the business instead of the bot: «позовите оператора»,
/// «хочу поговорить с менеджером», «соедините с кем-нибудь», «мне нужен живой человек», "talk to a human",
/// "real person", Kazakh «менеджерге қосыңыз», «адамға қосыңыз».
///
/// Rules, by word (``TextAnalysis/tokens(_:)``, so case and «ё» do not matter):
/// - «соедините» / «переключите» / "connect" / "transfer" with a person or «с кем-нибудь» asks;
/// - talk of a call (позвонит, перезвоните, звонок, "call") does not: «менеджер позвонит?» is a question about the
///   call, which the call booking answers;
/// - a mention of a person (оператор, менеджер, живой человек, "human", "real person", адамға) asks when a request word
///   goes with it (позовите, нужен, хочу, можно, поговорить, "talk", "speak", "want", керек, қосыңыз) or the message
///   is the mention alone («Оператор!», «менеджера пожалуйста»); a question to the bot about itself («вы оператор?»,
///   "are you human?") or about a person («когда менеджер ответит?», «как зовут менеджера?») does not.
public enum HumanRequest {
    /// Whether `text` asks for a person.
    public static func isRequest(_ text: String) -> Bool {
        let words = TextAnalysis.tokens(text)
        guard !words.isEmpty else { return false }
        let connects = words.contains { word in connectStems.contains { word.hasPrefix($0) } }
        if connects, mentionsPerson(words) || words.contains("кем") || words.contains("someone") { return true }
        if words.contains(where: { word in callStems.contains { word.hasPrefix($0) } }) || words.contains("call") { return false }
        guard mentionsPerson(words) else { return false }
        let isQuestion = text.contains("?")
        if isQuestion, words.contains(where: { askedAbout.contains($0) }) { return false }
        let strong = words.contains { word in strongRequestStems.contains { word.hasPrefix($0) } }
        // «менеджер сказал, что есть» tells what a person said; it asks for nobody.
        if !strong, words.contains(where: { word in reportedStems.contains { word.hasPrefix($0) } }) { return false }
        if words.contains(where: { word in requestStems.contains { word.hasPrefix($0) } }) || words.contains(where: requestWords.contains) {
            return strong || !(isQuestion && words.contains(where: selfWords.contains))
        }
        let fillers = words.filter { !fillerWords.contains($0) }
        return fillers.count <= 2 && !(isQuestion && words.contains(where: selfWords.contains))
    }

    /// Whether the words name a person of the business.
    static func mentionsPerson(_ words: [String]) -> Bool {
        for (index, word) in words.enumerated() {
            if personStems.contains(where: { word.hasPrefix($0) }) {
                // «мобильный оператор», «оператор связи» are about the phone network.
                let next = index + 1 < words.count ? words[index + 1] : ""
                let previous = index > 0 ? words[index - 1] : ""
                if word.hasPrefix("оператор"), next == "связи" || previous.hasPrefix("мобильн") || previous.hasPrefix("сотов") { continue }
                // «я менеджер компании…», «работаю менеджером», "I am a manager": the customer speaks of themselves.
                if selfIntroductions.contains(previous) || previous.hasPrefix("работа") || (index > 1 && words[index - 2] == "am") { continue }
                return true
            }
            if personWords.contains(word) { return true }
            if word.hasPrefix("человек") || word == "person" || word == "people" || word == "адам" {
                let previous = index > 0 ? words[index - 1] : ""
                if previous.hasPrefix("жив") || previous == "real" || previous == "live" || previous == "тірі" { return true }
                if words.contains(where: { word in strongRequestStems.contains { word.hasPrefix($0) } }) { return true }
            }
        }
        return false
    }

    /// Beginnings of words naming a person of the business.
    static let personStems = ["оператор", "менеджер", "manager", "operator"]
    /// Whole words naming a person.
    static let personWords: Set<String> = ["human", "humans", "адамға", "адаммен", "менеджерге", "менеджермен"]
    /// Beginnings of «connect me».
    static let connectStems = ["соедин", "переключ", "connect", "transfer", "қосыңыз", "қосып", "қосшы"]
    /// Beginnings of words of a call (позвонит, перезвоните, звонок, созвон, қоңырау).
    static let callStems = ["звон", "позвон", "перезвон", "созвон", "қоңырау"]
    /// Beginnings of words of asking for somebody.
    static let requestStems = ["позов", "позват", "пригласи", "свяж", "связат", "переведи", "переведит", "нуж", "хоч", "хотел",
                               "можно", "поговор", "пообщ", "общать", "дайт", "требу", "прошу", "talk", "speak", "want", "need",
                               "сөйлес", "керек", "беріңіз", "шақыр"]
    /// The request beginnings strong enough to hold even in a question to the bot («вы можете позвать человека?»).
    static let strongRequestStems = ["позов", "позват", "пригласи", "соедин", "переключ", "дайт", "talk", "speak", "шақыр", "қосыңыз"]
    /// Words before a person's title when the customer names their own job.
    static let selfIntroductions: Set<String> = ["я", "мы", "am", "m", "мен", "біз"]
    /// Beginnings of words telling what a person said or did.
    static let reportedStems = ["сказал", "говорил", "обещал", "писал", "ответил", "звонил", "said", "told", "promised", "wrote"]
    /// Short request words.
    static let requestWords: Set<String> = ["дай", "дайте", "get", "give", "let", "please"]
    /// Words of a question to the bot about itself.
    static let selfWords: Set<String> = ["вы", "ты", "you", "сіз", "сен", "бот", "bot", "робот", "robot"]
    /// Question words of a question about a person, not a request for one.
    static let askedAbout: Set<String> = ["когда", "как", "какой", "кто", "сколько", "почему", "зачем", "when", "who", "why", "how",
                                          "қашан", "кім"]
    /// Words that do not make a message more than a bare mention.
    static let fillerWords: Set<String> = ["пожалуйста", "пж", "плиз", "please", "мне", "а", "ну", "же", "срочно", "с", "со", "to", "a",
                                           "the", "живой", "живого", "живым", "человек", "человека", "real", "person", "live", "тірі",
                                           "адам", "pls", "өтінемін"]
}
