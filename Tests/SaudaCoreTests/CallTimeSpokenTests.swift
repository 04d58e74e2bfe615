import Foundation
import SaudaCore
import Testing

/// Times as people say and dictate them, beyond the first lists (now: Wednesday 14 October 2026, 11:20 in Almaty).
@Suite struct CallTimeSpokenTests {
    @Test(arguments: [
        ("в три часа дня", "Wed 2026-10-14 15:00"),
        ("в пятнадцать ноль-ноль", "Wed 2026-10-14 15:00"),
        ("в половине одиннадцатого", "Thu 2026-10-15 10:30"),
        ("полтретьего", "Wed 2026-10-14 14:30"),
        ("в полдень", "Wed 2026-10-14 12:00"),
        ("в обед", "Wed 2026-10-14 13:00"),
        ("утром", "Thu 2026-10-15 10:00"),
        ("через 15 минут", "Wed 2026-10-14 11:35"),
        ("в час дня", "Wed 2026-10-14 13:00"),
        ("давайте в час", "Wed 2026-10-14 13:00"),
        ("в 1 час дня", "Wed 2026-10-14 13:00"),
        ("в четверть третьего", "Wed 2026-10-14 14:15"),
        ("в двенадцать", "Wed 2026-10-14 12:00"),
        ("завтра в десять тридцать", "Thu 2026-10-15 10:30"),
        ("в одиннадцать", "Thu 2026-10-15 11:00"),
        ("в 9 вечера", "Wed 2026-10-14 21:00"),
        ("послезавтра в полдень", "Fri 2026-10-16 12:00"),
        ("в 15ч", "Wed 2026-10-14 15:00"),
        ("в 16ч30", "Wed 2026-10-14 16:30"),
        ("утречком", "Thu 2026-10-15 10:00"),
        ("ближе к вечеру", "Wed 2026-10-14 17:00"),
    ])
    func readsTheTimeOfDay(text: String, expected: String) {
        #expect(CallTimePhraseTests.read(text) == expected, "\(text)")
    }

    @Test(arguments: [
        ("вечером после шести", "Wed 2026-10-14 18:00"),
        ("после 6", "Wed 2026-10-14 18:00"),
        ("после шести вечера", "Wed 2026-10-14 18:00"),
        ("в районе трёх", "Wed 2026-10-14 15:00"),
        ("около пяти", "Wed 2026-10-14 17:00"),
        ("к трём подъеду, звоните", "Wed 2026-10-14 15:00"),
    ])
    func readsAnHourAfterOrAroundIt(text: String, expected: String) {
        #expect(CallTimePhraseTests.read(text) == expected, "\(text)")
    }

    @Test(arguments: [
        ("через сорок пять минут", "Wed 2026-10-14 12:05"),
        ("минут через 20", "Wed 2026-10-14 11:40"),
        ("через минут 10", "Wed 2026-10-14 11:30"),
        ("часа через два", "Wed 2026-10-14 13:20"),
        ("через 1,5 часа", "Wed 2026-10-14 12:50"),
        ("через полчасика", "Wed 2026-10-14 11:50"),
        ("через часик", "Wed 2026-10-14 12:20"),
        ("через неделю", "Wed 2026-10-21 11:20 (day only)"),
        ("через две недели", "Wed 2026-10-28 11:20 (day only)"),
        ("через месяц", "Sat 2026-11-14 11:20 (day only)"),
        ("in a couple of hours", "Wed 2026-10-14 13:20"),
        ("in 45 minutes", "Wed 2026-10-14 12:05"),
    ])
    func readsAWait(text: String, expected: String) {
        #expect(CallTimePhraseTests.read(text) == expected, "\(text)")
    }

    @Test(arguments: [
        ("послезавтра", "Fri 2026-10-16 10:00 (day only)"),
        ("в среду", "Wed 2026-10-21 10:00 (day only)"),
        ("в эту пятницу", "Fri 2026-10-16 10:00 (day only)"),
        ("в следующий понедельник", "Mon 2026-10-19 10:00 (day only)"),
        ("в следующую среду в 15:00", "Wed 2026-10-21 15:00"),
        ("в эту среду в 15", "Wed 2026-10-14 15:00"),
        ("во вторник в 11", "Tue 2026-10-20 11:00"),
        ("в пт в 15", "Fri 2026-10-16 15:00"),
        ("в субботу утром", "Sat 2026-10-17 10:00"),
        ("next monday at 10", "Mon 2026-10-19 10:00"),
        ("next wednesday", "Wed 2026-10-21 10:00 (day only)"),
        ("this friday at 4pm", "Fri 2026-10-16 16:00"),
    ])
    func readsTheDay(text: String, expected: String) {
        #expect(CallTimePhraseTests.read(text) == expected, "\(text)")
    }

    @Test(arguments: [
        ("3pm", "Wed 2026-10-14 15:00"),
        ("11am", "Thu 2026-10-15 11:00"),
        ("2:30 pm", "Wed 2026-10-14 14:30"),
        ("noon", "Wed 2026-10-14 12:00"),
        ("tomorrow morning", "Thu 2026-10-15 10:00"),
        ("at 10:30 am tomorrow", "Thu 2026-10-15 10:30"),
        ("at 5 in the evening", "Wed 2026-10-14 17:00"),
    ])
    func readsEnglish(text: String, expected: String) {
        #expect(CallTimePhraseTests.read(text) == expected, "\(text)")
    }

    @Test(arguments: [
        ("ертең сағат 10-да", "Thu 2026-10-15 10:00"),
        ("жұма күні", "Fri 2026-10-16 10:00 (day only)"),
        ("дүйсенбі күні сағат 3-те", "Mon 2026-10-19 15:00"),
        ("бүгін кешке", "Wed 2026-10-14 17:00"),
        ("ертең түстен кейін", "Thu 2026-10-15 14:00"),
    ])
    func readsKazakh(text: String, expected: String) {
        #expect(CallTimePhraseTests.read(text) == expected, "\(text)")
    }

    @Test(arguments: ["в двух экземплярах", "без проблем", "полгода гарантии", "у меня три ребёнка", "после 2 дней доставки",
                      "через пару кликов", "next week", "с двух сторон", "в одну сторону", "час назад звонили"])
    func wordsThatNameNoMoment(text: String) {
        #expect(CallTimePhraseTests.read(text) == nil, "\(text)")
    }
}
