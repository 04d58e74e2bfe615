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
