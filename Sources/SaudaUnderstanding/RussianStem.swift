import Foundation

/// A light stemmer for nouns in customer text: strips one common Russian case ending so that
/// `тойоту`, `тойоте` and `тойота` meet at `тойот`, and `Астану`, `Астане` at `астан`.
///
/// It never strips `и` (so `мерси` stays apart from `мерс`) and keeps at least three letters.
public enum RussianStem {
    static let endings = ["ами", "ями", "ого", "его", "ому", "ему", "ой", "ою", "ом", "ем", "ам", "ах", "ях", "ов",
                          "ей", "а", "у", "е", "ы", "ю", "я"]

    /// `word` (already lowercased) without its case ending, or `word` itself when it is Latin, short or has none.
    public static func stem(_ word: String) -> String {
        guard word.unicodeScalars.contains(where: { (0x0400...0x04FF).contains($0.value) }) else { return word }
        for ending in endings where word.hasSuffix(ending) && word.count - ending.count >= 3 {
            return String(word.dropLast(ending.count))
        }
        return word
    }
}

/// Ordinary words that look like car names but are not, or that name a car only next to its brand.
enum CommonWords {
    /// Stems (after ``RussianStem``) that never count as a brand or model by fuzzy matching.
    static let neverFuzzy: Set<String> = [
        "школ", "склад", "черный", "черная", "черные", "черного", "старая", "старый", "старые", "корон", "камер", "камн", "камен", "камень", "камнем", "каюта", "кайф", "карман", "кабина", "мерси", "ладн", "сорт", "карт", "марк", "морд", "форм", "норм",
        "хорош", "спасиб", "привет", "здравствуйт", "добр", "подскажит", "скольк", "стоимост", "доставк", "оплат",
        "коврик", "ковр", "чехл", "борт", "багажник", "подпятник", "сантиметр", "год", "город", "телефон", "номер",
        "заказ", "цен", "комплект", "салон", "машин", "автомобил", "модел", "марк", "можн", "нужн", "есть",
        "сегодн", "завтр", "менеджер", "адрес", "алмат", "астан", "шымкент", "караганд", "когд", "тольк", "сейчас",
        "черн", "сер", "бежев", "коричнев", "красн", "син", "бел", "зелен", "хочу", "хотел", "будет", "давайт",
        "рядом", "кольц", "колес", "кроссовер", "седан", "джип", "внедорожник", "минивэн", "пикап", "универсал",
        "покажит", "отправьт", "напишит", "звонит", "позвонит", "здравствуй", "пожалуйст", "спасибо", "конечн",
        "понятн", "отличн", "супер", "класс", "клиент", "личн", "лексик", "точн", "вариант", "качеств",
    ]

    /// Letters only Kazakh uses; a word with one is Kazakh and is never read as a misspelt car name
    /// (`менің` is "my", not `мерин`).
    static let kazakhLetters: Set<Character> = ["ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і"]

    /// True when `word` has a letter only Kazakh uses.
    static func isKazakh(_ word: String) -> Bool {
        word.contains(where: kazakhLetters.contains)
    }

    /// Aliases (by ``Transliteration/matchKey(_:)``) that are everyday Russian words, so they name a model only
    /// when its brand is in the same text: `фокус` alone is not a Ford.
    static let needBrand: Set<String> = Set([
        "жук", "пилот", "атлас", "фокус", "патриот", "пятерка", "семерка", "трешка", "шестерка", "кубик", "кабан",
        "фит", "астра", "хантер", "гольф", "транзит", "оникс", "спарк", "трекер", "рапид", "патруль", "форик",
        "солик", "рафик", "ешка", "кулрей", "жига", "сотка", "сотку", "сотке", "сотой",
    ].map(Transliteration.matchKey))
}
