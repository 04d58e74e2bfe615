import SaudaCore
import Testing

/// The answers issue 19 names: agreement in other words than «да», Kazakh and emoji, a «not now» that stops, and
/// hesitation that keeps the chain going.
@Suite struct ReplyIntentAgreementTests {
    @Test(arguments: ["Договорились", "Подходит", "👍", "иә, давайте", "Устраивает, оформляйте", "✅", "жарайды"])
    func agreementIsAYes(text: String) {
        #expect(ReplyIntent.of(text) == .yes, "\(text)")
    }

    @Test(arguments: ["Не сейчас, спасибо", "жоқ", "Нет, не подходит", "Не устраивает цена", "❌"])
    func aRefusalIsANo(text: String) {
        #expect(ReplyIntent.of(text) == .no, "\(text)")
    }

    @Test(arguments: ["Подумаю до пятницы", "Надо посоветоваться с женой", "Скорее всего, но не точно"])
    func hesitationIsUnsure(text: String) {
        #expect(ReplyIntent.of(text) == .unsure, "\(text)")
    }
}
