import Foundation

/// Finds the name a customer gives: `"меня зовут Азамат"`, `"Да, меня зовут Азамат"`, `"это Айгерим"`,
/// `"я Ерлан"`, `"Менің атым Азамат"`, `"my name is John"`, or a message that is only a common first name
/// (`"Азамат"`). A lone word that is not a known first name is not taken: `"Понял"` is no name.
public struct NameFinder: Sendable {
    /// Phrases after which the next word is the name, whatever its case.
    static let introductions: [[String]] = [
        ["меня", "зовут"], ["мое", "имя"], ["зовут"], ["менің", "атым"], ["атым"], ["my", "name", "is"], ["call", "me"],
    ]
    /// Words after which a capitalised word is a name: `"это Айгерим"`, `"я Ерлан"`.
    static let weakIntroductions: Set<String> = ["это", "я", "имя", "i", "im", "беспокоит"]
    /// Capitalised words that are not names.
    static let notNames: Set<String> = [
        "да", "нет", "привет", "здравствуйте", "здравствуй", "добрый", "спасибо", "хорошо", "ок", "окей", "ладно",
        "меню", "оператор", "назад", "понятно", "отлично", "супер", "конечно", "давайте", "хочу", "нужно", "нужны",
        "сколько", "какой", "какая", "можно", "есть", "подскажите", "скажите", "оформляйте", "оформите", "салам",
        "сәлем", "сәлеметсіз", "рахмет", "hi", "hello", "thanks", "yes", "no", "ok", "интересно", "дорого",
        "менеджер", "клиент", "администратор", "евa", "eva", "тест", "система", "алло", "ау", "ну", "так", "вот",
        "уже", "сейчас", "завтра", "сегодня", "вечером", "утром", "потом", "неважно", "срочно", "заказ",
    ]
    /// Common Kazakh and Russian first names, recognised even as a bare word after `"это"` in lowercase.
    static let knownNames: Set<String> = [
        "азамат", "айгерим", "ерлан", "нурлан", "асель", "айгуль", "алия", "данияр", "дамир", "арман", "асхат",
        "бауыржан", "жанна", "мадина", "динара", "гульнара", "руслан", "тимур", "максат", "ержан", "канат",
        "айдос", "алибек", "марат", "самат", "серик", "болат", "сауле", "айжан", "аружан", "жандос", "олжас",
        "александр", "алексей", "андрей", "дмитрий", "сергей", "иван", "михаил", "елена", "ольга", "наталья",
        "анна", "мария", "татьяна", "светлана", "ирина", "екатерина", "виктор", "павел", "артем", "никита",
    ]

    let excluded: @Sendable (String) -> Bool

    /// A finder that refuses words for which `excluded` is true (brand, model and city names).
    public init(excluding excluded: @escaping @Sendable (String) -> Bool = { _ in false }) {
        self.excluded = excluded
    }

    /// The name given in `text`, capitalised, or nil. With `besidePhone` (the message also gave a phone
    /// number) a capitalised word standing alone between commas counts as a name: «Бекзат, Астана, +7 …».
    public func name(in text: String, besidePhone: Bool = false) -> String? {
        let tokens = Token.tokens(of: text).filter { !$0.isNumber }
        let keys = tokens.map(\.key)
        for phrase in Self.introductions {
            guard phrase.count < keys.count else { continue }
            for start in 0...(keys.count - phrase.count - 1) where Array(keys[start..<start + phrase.count]) == phrase {
                let candidate = tokens[start + phrase.count]
                if isPlausible(candidate, strict: false) { return capitalised(candidate.text) }
            }
        }
        for index in tokens.indices.dropFirst() where Self.weakIntroductions.contains(keys[index - 1]) {
            let candidate = tokens[index]
            if (candidate.isCapitalised || Self.knownNames.contains(candidate.key)), isPlausible(candidate, strict: true) {
                return capitalised(candidate.text)
            }
        }
        // A name standing alone between commas: «камри 2012, Шымкент, Ерлан».
        for segment in text.split(whereSeparator: { ",;\n".contains($0) }) {
            let segmentTokens = Token.tokens(of: String(segment)).filter { !$0.isNumber }
            guard segmentTokens.count == 1, let only = segmentTokens.first,
                  Self.knownNames.contains(only.key) || (besidePhone && only.isCapitalised) else { continue }
            if isPlausible(only, strict: true) { return capitalised(only.text) }
        }
        let words = tokens.filter { !["да", "ок", "нет"].contains($0.key) }
        if words.count == 1, let only = words.first, tokens.count <= 2, Self.knownNames.contains(only.key),
           isPlausible(only, strict: true) {
            return capitalised(only.text)
        }
        return nil
    }

    private func isPlausible(_ token: Token, strict: Bool) -> Bool {
        guard token.key.count >= 2, token.key.allSatisfy(\.isLetter), !Self.notNames.contains(token.key) else { return false }
        if excluded(token.text) { return false }
        if strict, !Self.knownNames.contains(token.key) {
            // A lone capitalised word is a name only if it looks like one: letters of one script, 3+ long.
            let isCyrillic = token.key.unicodeScalars.allSatisfy { (0x0400...0x04FF).contains($0.value) }
            let isLatin = token.key.unicodeScalars.allSatisfy { $0.isASCII }
            return token.key.count >= 3 && (isCyrillic || isLatin)
        }
        return true
    }

    private func capitalised(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst().lowercased()
    }
}
