import Foundation
import SaudaCore
import Testing

/// The answers issue 19 names: agreement in other words than «да», Kazakh and emoji, a «not now» that stops, and
/// hesitation that keeps the chain going.
@Suite struct ReplyIntentAgreementTests {
    @Test(arguments: ["Договорились", "Подходит", "👍", "иә, давайте", "Устраивает, оформляйте", "✅", "жарайды", "Оформляйте", "Беру",
                      "закажу два комплекта", "погнали"])
    func agreementIsAYes(text: String) {
        #expect(ReplyIntent.of(text) == .yes, "\(text)")
    }

    @Test(arguments: ["Не сейчас, спасибо", "жоқ", "Нет, не подходит", "Не устраивает цена", "❌", "Отмените заказ", "отбой"])
    func aRefusalIsANo(text: String) {
        #expect(ReplyIntent.of(text) == .no, "\(text)")
    }

    @Test(arguments: ["Не согласен", "нас это не устраивает", "Не буду заказывать", "не готовы брать", "I don't want it"])
    func agreementUnderNegationIsANo(text: String) {
        #expect(ReplyIntent.of(text) == .no, "\(text)")
    }

    @Test(arguments: ["Подумаю до пятницы", "Надо посоветоваться с женой", "Скорее всего, но не точно"])
    func hesitationIsUnsure(text: String) {
        #expect(ReplyIntent.of(text) == .unsure, "\(text)")
    }
}

/// Issue 19's example of a client read as an advertiser.
@Suite struct ClientClassifierAdvertisementTests {
    @Test func aContactWhoSawTheBusinesssAdIsAClient() {
        let messages = ["Видела вашу рекламу в инстаграме", "Какие сроки изготовления чехлов?"]
            .map { ConversationMessage(author: .customer, text: $0, sentAt: Date()) }
        let verdict = ClientClassifier(minimumMessages: 1).classify(profile: ContactProfile(name: "Дана"), messages: messages)
        #expect(verdict.isClient == true, "\(verdict.reasoning)")
        #expect(!ClientClassifier().businessQuestionSignals(in: messages.map(\.text)).isEmpty)
    }

    @Test func anAdvertiserIsStillNotAClient() {
        let messages = [ConversationMessage(author: .customer, text: "Предлагаем рекламу вашего магазина в инстаграме, 1000 подписчиков за день",
                                            sentAt: Date())]
        #expect(ClientClassifier(minimumMessages: 1).classify(profile: ContactProfile(name: "SMM"), messages: messages).isClient == false)
    }
}

/// Issue 19's follow-up proof: what the answers do to the chain of touches.
@Suite struct FollowUpAnswersTests {
    @Test(arguments: ["Договорились", "Подходит", "👍", "иә, давайте"])
    func agreementStopsTheChainAsAYes(text: String) {
        #expect(FollowUpPolicy.afterTurn(intent: ReplyIntent.of(text), botReplied: true) == .stop(.clientSaidYes), "\(text)")
    }

    @Test func notNowStopsTheChainAsANo() {
        #expect(FollowUpPolicy.afterTurn(intent: ReplyIntent.of("Не сейчас, спасибо"), botReplied: true) == .stop(.clientSaidNo))
    }

    @Test func thinkingUntilFridayKeepsTheChainGoing() {
        #expect(FollowUpPolicy.afterTurn(intent: ReplyIntent.of("Подумаю до пятницы"), botReplied: true) == .restart(.unsureAnswer))
    }
}
