import SaudaUnderstanding

/// The commands a customer can write at any point of the funnel: «Меню» (also «0», «назад») shows the numbered
/// menu, «оператор» calls a person of the business.
public enum FunnelCommand: Sendable, Hashable {
    /// Show the menu.
    case menu
    /// Call a person.
    case human

    static let menuWords: Set<String> = ["меню", "menu", "0", "назад", "back", "мәзір", "начало", "заново", "start", "/start", "/menu"]
    static let humanWords: Set<String> = ["оператор", "operator", "оператора", "человек", "human", "менеджер", "manager", "менеджера"]
    static let politeWords: Set<String> = ["пожалуйста", "please", "покажите", "покажи", "show", "the", "главное", "позовите", "позови",
                                           "дайте", "нужен", "хочу", "живой", "живого", "с", "соедините", "call", "a", "мне", "вызовите"]

    /// The command a message is, `nil` for any other message. A command is a short message of the command's word
    /// (with polite words around it), not a sentence that mentions it.
    public init?(_ text: String) {
        let words = TextKey.words(text)
        guard !words.isEmpty, words.count <= 4 else { return nil }
        let core = words.filter { !Self.politeWords.contains($0) }
        guard core.count == 1, let word = core.first else {
            if words.count == 1, words[0] == "0" { self = .menu; return }
            return nil
        }
        if Self.menuWords.contains(word) { self = .menu } else if Self.humanWords.contains(word) { self = .human } else { return nil }
    }
}

/// Greetings the rules answer with an invitation into the funnel.
enum Greeting {
    static let words: Set<String> = ["привет", "здравствуйте", "здравствуй", "здрасте", "салем", "сәлем", "салам", "hello", "hi", "hey",
                                     "добрый", "доброе", "день", "вечер", "утро", "ассалаумағалейкум", "ассаляму", "алейкум",
                                     "good", "morning", "afternoon", "evening", "сәлеметсіз", "бе", "қайырлы", "күн"]

    /// Whether `text` is only a greeting.
    static func isOnly(_ text: String) -> Bool {
        let words = TextKey.words(text)
        return !words.isEmpty && words.count <= 5 && words.allSatisfy(Self.words.contains)
    }
}
