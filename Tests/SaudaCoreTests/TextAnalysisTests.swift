import Foundation
import SaudaCore
import Testing

/// The counting helpers of `TextAnalysis` agree with Swift's own views of the text.
@Suite struct TextAnalysisTests {
    static let samples = ["", "Hello", "Здравствуйте! 😊 Сколько стоят коврики?", "ё, й (и\u{0306}), 👍🏽, 🇰🇿, ©, 1️⃣", String(repeating: "Доставка 2–3 дня. ", count: 500)]

    @Test(arguments: samples)
    func scalarCountMatchesTheScalarView(text: String) {
        #expect(TextAnalysis.scalarCount(text) == text.unicodeScalars.count)
        // A substring's text (not contiguous native storage at first) counts the same.
        let tail = String(text.dropFirst(min(3, text.count)))
        #expect(TextAnalysis.scalarCount(tail) == tail.unicodeScalars.count)
    }

    /// The stemmer as it was written on scalars, before it compared bytes.
    static func referenceStem(_ token: String) -> String {
        let russian = ["иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "ости", "ость", "ться", "тся",
                       "ешь", "ете", "ите", "ить", "ать", "ять", "ает", "яет", "ует", "ают", "яют", "уют", "ала", "али", "ило",
                       "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ой", "ей", "ую", "юю", "ом", "ем", "ам", "ям", "ах",
                       "ях", "ов", "ев", "ия", "ья", "ью", "ет", "ит", "ут", "ют", "ат", "ят", "ла", "ли", "ло", "ть",
                       "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й"].map { Array($0.unicodeScalars) }
        let english = ["ings", "ing", "ies", "ied", "ed", "es", "ly", "s", "y"].map { Array($0.unicodeScalars) }
        let scalars = Array(token.unicodeScalars)
        let isCyrillic = scalars.contains { (0x0400...0x04FF).contains($0.value) }
        for ending in isCyrillic ? russian : english where scalars.count - ending.count >= 3 && scalars.suffix(ending.count).elementsEqual(ending) {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars.dropLast(ending.count))
            return String(view)
        }
        return token
    }

    @Test func stemsMatchTheScalarStemmer() {
        var tokens = TextAnalysis.tokens("""
            Здравствуйте! Сколько стоят EVA коврики на Camry 2019 года? Доставкой по Казахстану занимаемся, доставка 2–3 дня.
            Гарантия на 5D коврики — год. Оплатить можно через Kaspi, наличными или картой. Менеджеры звонят с 10:00 до 18:00.
            Delivery, delivering, delivered, deliveries, shipping, quickly, prices, priced, mats, carry, ёлочка, Ёжиков, йогурт,
            ростелеком, организациями, поговорить, интересуются, смотрите, сделаете, хорошо, теплая, синяя, последние, своими
            """)
        tokens += ["", "а", "ая", "мая", "ёжь", "и\u{0306}ями", "абвгй", "абви\u{0306}", "abcжиями", "abcdefgж", "ӘӘӘая", "ѐѐѐая",
                   "domé", "😊😊😊s", "ﬁngs", "kings", "ies", "xies", "ОДНОГО", "1234ами", "é\u{0301}\u{0301}ings"]
        for token in tokens {
            #expect(TextAnalysis.stem(token) == Self.referenceStem(token), "\(token)")
        }
    }

    /// Every length from 0 to 80 scalars of mixed one- to four-byte text, so that the eight-byte steps end at
    /// every offset.
    @Test func scalarCountMatchesAtEveryLength() {
        let scalars = Array("aЖ€😊bё1й\u{0306}\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}".unicodeScalars)
        for length in 0...80 {
            var view = String.UnicodeScalarView()
            for index in 0..<length { view.append(scalars[index % scalars.count]) }
            let text = String(view)
            #expect(TextAnalysis.scalarCount(text) == length, "length \(length)")
        }
    }

    @Test(arguments: ["", "   ", "\n\t Привет \u{00A0}\n", "Текст", " a b ", "\u{2028}x\u{3000}", "😊 "])
    func trimmingMatchesFoundation(text: String) {
        #expect(TextAnalysis.trimmed(text) == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func emojiAreCountedAndLettersDigitsAndSignsAreNot() {
        #expect(TextAnalysis.emojiCount("Здравствуйте! 😊 Подберём коврики 👍") == 2)
        #expect(TextAnalysis.emojiCount("Цена 12 000 ₸, гарантия 1 год © АвтоКоврик #1*") == 0)
        #expect(TextAnalysis.emojiCount("Звоните ☎️ или пишите ✉️") == 2)
        #expect(TextAnalysis.emojiCount("🇰🇿") == 2, "a flag is two regional indicators")
    }
}
