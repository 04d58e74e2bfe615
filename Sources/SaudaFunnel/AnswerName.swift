import SaudaCore

/// The customer's name where the rules expect one: a message that is only a name («Мирлан»), or a name inside a short
/// answer («да, Марина», «оформляйте, Евгений», «Меня Тимур зовут») that the general name finder, which needs «меня
/// зовут» before a name, does not read.
enum AnswerName {
    /// A message that is only a name, written where the name was asked («Мирлан», «Анна Петровна»).
    static func bare(_ text: String) -> String? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." || $0 == "!" }).map(String.init)
        guard (1...2).contains(words.count), words.allSatisfy({ $0.count >= 2 && $0.allSatisfy(\.isLetter) }),
              ReplyIntent.of(text) == .other, !words.contains(where: { Self.notNames.contains($0.lowercased()) }) else { return nil }
        return words.map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: " ")
    }

    /// A name inside an answer where one is expected: «да, Марина», «оформляйте, Евгений», «Меня Тимур зовут», «беру,
    /// зовут Руслан»; the name must be capitalised (so «нет, подумаю» gives none).
    static func inAnswer(_ text: String) -> String? {
        let words = text.split(whereSeparator: { " ,.!;:—-".contains($0) }).map(String.init)
        let rest = words.filter { word in
            let lower = word.lowercased()
            return !fillerWords.contains(lower) && !Reading.consent.contains(where: lower.hasPrefix)
        }
        guard rest.count < words.count, let first = rest.first?.first, first.isUppercase else { return nil }
        return bare(rest.joined(separator: " "))
    }

    static let fillerWords: Set<String> = ["да", "ага", "конечно", "хорошо", "давайте", "ок", "ok", "меня", "зовут", "я", "это", "мое", "моё",
                                           "имя", "my", "name", "is", "i", "am", "i'm", "im", "yes", "sure", "звать", "можно", "на"]

    static let notNames: Set<String> = ["да", "нет", "ок", "ok", "хорошо", "спасибо", "привет", "здравствуйте", "меню", "оператор",
                                        "давайте", "конечно", "ага", "угу", "оформляйте", "оформляем", "yes", "no", "thanks", "hello"]
}
