import SaudaCore
import Testing

/// The first pass before any model: only answers that are plainly yes or no on their own are decided there.
@Suite struct ReplyIntentObviousTests {
    @Test(arguments: ["Да", "да, спасибо", "Договорились!", "Подходит", "ок", "Хорошо, давайте", "иә", "Жарайды", "Yes, thanks",
                      "👍", "👍🏻👍", "✅", "да да", "Конечно"])
    func plainYes(_ text: String) {
        #expect(ReplyIntent.obvious(text) == .yes)
    }

    @Test(arguments: ["Нет", "нет, спасибо", "Не надо", "Не интересно.", "жоқ", "рахмет, керек емес", "No thanks", "👎", "Не сейчас, спасибо"])
    func plainNo(_ text: String) {
        #expect(ReplyIntent.obvious(text) == .no)
    }

    /// Questions, conditions, hesitation and anything longer go to the reader that weighs them.
    @Test(arguments: ["Да, а когда доставка?", "да нет наверное", "Подумаю до пятницы", "Скорее всего, но не точно", "Спасибо",
                      "Надо посоветоваться с женой", "ну в принципе можно оформляйте", "👍🤔", "Да 🤔", "Здравствуйте", "да нет", "", "  !  ",
                      "да, если успеете до субботы привезти"])
    func leftToTheReader(_ text: String) {
        #expect(ReplyIntent.obvious(text) == nil)
    }
}
