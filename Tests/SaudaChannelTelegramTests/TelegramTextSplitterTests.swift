import Foundation
import SaudaChannelTelegram
import Testing

/// Long replies cut for Telegram's 4,096 characters.
struct TelegramTextSplitterTests {
    @Test func aShortReplyIsOneMessage() {
        #expect(TelegramTextSplitter.split("Здравствуйте!") == ["Здравствуйте!"])
    }

    @Test func aLongReplyIsCutAtSentenceEndsAndEveryPartFits() {
        let sentence = "Коврик EVA для Toyota Camry стоит 25 000 ₸, доставка по Алматы бесплатная. "
        let text = String(repeating: sentence, count: 120)
        let parts = TelegramTextSplitter.split(text)
        #expect(parts.count == 3)
        for part in parts {
            #expect(part.utf16.count <= 4096)
            #expect(part.hasSuffix("."), "cut after a sentence: \(part.suffix(20))")
        }
        #expect(parts.joined(separator: " ") == text.trimmingCharacters(in: .whitespaces))
    }

    @Test func paragraphsWinAndEmojiCountAsTelegramCountsThem() {
        let paragraph = String(repeating: "😀", count: 1500)  // 3,000 UTF-16 units
        let parts = TelegramTextSplitter.split(paragraph + "\n\n" + paragraph)
        #expect(parts == [paragraph, paragraph])
        let word = String(repeating: "я", count: 5000)
        let cut = TelegramTextSplitter.split(word)
        #expect(cut.map(\.count) == [4096, 904], "a word longer than a message is cut where it must be")
    }
}
