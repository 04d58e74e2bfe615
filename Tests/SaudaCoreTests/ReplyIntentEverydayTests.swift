import SaudaCore
import Testing

/// Everyday messenger answers: agreement said as «+» or «как скажете», a person to ask first, a need for time, and
/// requests that only look like answers.
@Suite struct ReplyIntentEverydayTests {
    @Test(arguments: ["+", "++", "Было бы неплохо", "как скажете", "Как вам удобно, так и звоните", "Меня всё устраивает",
                      "Всё верно, оформляйте", "Так точно", "Нужно!", "да, надо", "Ок, понял, жду", "ну давай", "Хорошо, жду звонка"])
    func everydayAgreementIsAYes(text: String) {
        #expect(ReplyIntent.of(text) == .yes, "\(text)")
    }

    @Test(arguments: ["Спрошу у мужа", "уточню у руководства и отпишусь", "Согласую с директором", "мне нужно время",
                      "дайте время", "50 на 50", "Отпишусь позже", "I'll let you know", "I'll get back to you"])
    func askingSomeoneFirstOrTakingTimeIsUnsure(text: String) {
        #expect(ReplyIntent.of(text) == .unsure, "\(text)")
    }

    @Test(arguments: ["Мой номер +7 701 555 12 34", "Как оплатить", "Хочу посмотреть каталог", "Понятно, спасибо",
                      "Спасибо за информацию", "Рахмет, түсіндім", "Я спрашиваю про доставку",
                      "мне нужна консультация по размерам", "а у вас можно оплатить через kaspi", "а если самовывоз",
                      "хм, интересно"])
    func requestsAndThanksAreOther(text: String) {
        #expect(ReplyIntent.of(text) == .other, "\(text)")
    }

    @Test(arguments: ["Отпишите меня от рассылки", "Больше не пишите", "Я передумал", "Нам это не подходит",
                      "Не надо мне звонить", "Нет, мы уже купили", "жоқ, керек емес",
                      "мы уже работаем с другой компанией", "please remove my number"])
    func everydayRefusalIsANo(text: String) {
        #expect(ReplyIntent.of(text) == .no, "\(text)")
    }

    @Test(arguments: [("Нашли дешевле", ReplyIntent.no), ("already bought one", .no), ("no idea", .unsure),
                      ("not right now", .unsure), ("әзірге жоқ", .unsure), ("көреміз", .unsure), ("ойлап көремін", .unsure),
                      ("қызықтырмайды", .no), ("кейінірек", .unsure)])
    func moreWaysToSayIt(text: String, expected: ReplyIntent) {
        #expect(ReplyIntent.of(text) == expected, "\(text)")
    }

    @Test func notChangingOnesMindIsAYes() {
        #expect(ReplyIntent.of("Мы не передумали, ждём") == .yes)
    }
}
