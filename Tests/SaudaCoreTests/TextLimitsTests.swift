import Foundation
import SaudaCore
import Testing

/// The text checks behind the inbound limits: what shows nothing to a reader, and character counts that stop at
/// their bound.
@Suite struct TextLimitsTests {
    @Test(arguments: ["", "   ", "\u{0000}", "\u{0000}\u{0000}", "\u{200B}\u{200D}\u{2060}\u{FEFF}", "\u{200B} \u{200C}\n\t",
                      "\u{00AD}\u{034F}\u{061C}\u{180E}", "\u{202E}\u{2066}\u{2069}", "\u{3164}\u{115F}\u{FFA0}", "\u{2800}\u{2800}",
                      "\u{FE0F}\u{E0041}\u{E007F}", "\u{2028}\u{2029}\u{3000}\u{00A0}", "\u{0007}\u{001B}\u{007F}\u{0085}"])
    func invisibleTextIsBlank(text: String) {
        #expect(TextAnalysis.isBlank(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test(arguments: ["a", "\u{200B}a\u{200B}", "Привет", "😊", "\u{0000}x", ".", "\u{0301}", "٠", "\u{FEFF}Сколько стоит?"])
    func textWithAnythingVisibleIsNotBlank(text: String) {
        #expect(!TextAnalysis.isBlank(text))
    }

    @Test func lengthsStopAtTheirBound() {
        #expect(!TextAnalysis.isLonger("", than: 0))
        #expect(!TextAnalysis.isLonger("абв", than: 3) && TextAnalysis.isLonger("абвг", than: 3))
        // More bytes than the limit, fewer characters.
        #expect(!TextAnalysis.isLonger("абв", than: 4) && !TextAnalysis.isLonger("😊😊", than: 5))
        #expect(TextAnalysis.prefix("абв", characters: 4).text == "абв" && !TextAnalysis.prefix("абв", characters: 4).truncated)
        // Characters as a reader counts them: a flag and a skin-toned thumb are one each.
        #expect(!TextAnalysis.isLonger("🇰🇿👍🏽", than: 2) && TextAnalysis.isLonger("🇰🇿👍🏽!", than: 2))
        let cut = TextAnalysis.prefix("🇰🇿👍🏽!", characters: 2)
        #expect(cut.text == "🇰🇿👍🏽" && cut.truncated)
        let whole = TextAnalysis.prefix("abc", characters: 3)
        #expect(whole.text == "abc" && !whole.truncated)
        #expect(TextAnalysis.shortened("абвгд", toCharacters: 3) == "абв…")
        #expect(TextAnalysis.shortened("абв", toCharacters: 3) == "абв")
        // Thirty million characters cost no more than the bound: this would take seconds if the whole text were walked.
        let huge = String(repeating: "я", count: 30_000_000)
        let started = ContinuousClock.now
        for _ in 0..<100 {
            #expect(TextAnalysis.isLonger(huge, than: 65_536))
        }
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(TextAnalysis.prefix(huge, characters: 10).text == String(repeating: "я", count: 10))
    }
}
