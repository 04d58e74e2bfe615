import Foundation
import SaudaCore
import Testing

@Suite struct ClientClassifierTests {
    let classifier = ClientClassifier(minimumMessages: 3)
    let now = Date(timeIntervalSince1970: 1_760_000_000)

    func customer(_ texts: String...) -> [ConversationMessage] {
        texts.map { ConversationMessage(author: .customer, text: $0, sentAt: now) }
    }

    @Test func staysUnknownBelowTheMinimumMessageCount() {
        let verdict = classifier.classify(profile: ContactProfile(businessName: "ООО Стройком"),
                                          messages: customer("Здравствуйте", "Сколько стоит доставка?"))
        #expect(verdict.isClient == nil)
        #expect(verdict.reasoning.contains("Менее 3"))
    }

    @Test func businessQuestionsMakeAClient() {
        let verdict = classifier.classify(
            profile: ContactProfile(name: "Иван - ООО Стройком"),
            messages: customer("Здравствуйте", "Подскажите цену на коврики для партии 20 машин", "Нужен счет на оплату и договор"))
        #expect(verdict.isClient == true)
        #expect(verdict.confidence >= 0.6)
        #expect(verdict.reasoning.contains("цен"))
    }

    @Test func englishBusinessQuestionsMakeAClient() {
        let verdict = classifier.classify(
            profile: ContactProfile(name: "John"),
            messages: customer("Hello", "How much is delivery to Astana?", "Could you send a quote for 10 sets, please"))
        #expect(verdict.isClient == true)
    }

    @Test func personalChatIsNotAClient() {
        let verdict = classifier.classify(
            profile: ContactProfile(name: "Маша"),
            messages: customer("Привет как дела? 😂😂", "Что делаешь вечером?", "Скучаю ❤️🔥"))
        #expect(verdict.isClient == false)
        #expect(verdict.reasoning.contains("личный"))
    }

    @Test func spamIsNotAClient() {
        let verdict = classifier.classify(
            profile: ContactProfile(),
            messages: customer("Пассивный доход от 100 000 в месяц", "Перейдите по ссылке", "Казино бонус"))
        #expect(verdict.isClient == false)
    }

    @Test func wrongNumberIsNotAClient() {
        let verdict = classifier.classify(profile: ContactProfile(name: "Алия"),
                                          messages: customer("Кто это?", "Вы ошиблись номером", "Не пишите сюда"))
        #expect(verdict.isClient == false)
    }

    @Test func vagueChatStaysUnknown() {
        let verdict = classifier.classify(profile: ContactProfile(), messages: customer("Добрый", "Ок", "Понятно"))
        #expect(verdict.isClient == nil)
    }
}

@Suite struct ReplyIntentTests {
    @Test(arguments: [("Да, готов", ReplyIntent.yes), ("Давайте", .yes), ("Согласен", .yes), ("Нет, не интересно", .no),
                      ("Не надо", .no), ("Посмотрю", .unsure), ("Подумаю ещё", .unsure), ("Может быть позже", .unsure),
                      ("Yes, sure", .yes), ("No thanks", .no), ("Maybe later", .unsure), ("Сколько стоит?", .other)])
    func classifies(text: String, expected: ReplyIntent) {
        #expect(ReplyIntent.of(text) == expected)
    }
}

@Suite struct PhoneNumberTests {
    @Test(arguments: [("+7 775 283-73-06", "77752837306"), ("87752837306", "77752837306"), ("77752837306@c.us", "77752837306"),
                      ("7752837306", "77752837306")])
    func normalises(raw: String, expected: String) {
        #expect(PhoneNumber.normalize(raw) == expected)
    }

    @Test func rejectsShortNumbers() {
        #expect(PhoneNumber.normalize("12345") == nil)
    }
}
