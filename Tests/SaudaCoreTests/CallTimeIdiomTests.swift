import Foundation
import SaudaCore
import Testing

/// The ways of naming a time that issue 19 lists: halves and quarters, noon, weeks and an hour and a half, English
/// times written together, Kazakh days and parts of the day (now: Wednesday 14 October 2026, 11:20 in Almaty).
@Suite struct CallTimeIdiomTests {
    @Test(arguments: [
        ("завтра в полдень", "Thu 2026-10-15 12:00"),
        ("в среду в полдень", "Wed 2026-10-14 12:00"),
        ("давайте в полтретьего", "Wed 2026-10-14 14:30"),
        ("завтра в половине одиннадцатого", "Thu 2026-10-15 10:30"),
        ("без четверти пять", "Wed 2026-10-14 16:45"),
        ("завтра без десяти три", "Thu 2026-10-15 14:50"),
        ("часика в три", "Wed 2026-10-14 15:00"),
        ("через неделю в 15:00", "Wed 2026-10-21 15:00"),
        ("через полтора часа", "Wed 2026-10-14 12:50"),
        ("через пару часов", "Wed 2026-10-14 13:20"),
        ("tomorrow at 3pm", "Thu 2026-10-15 15:00"),
        ("on Monday at 11am", "Mon 2026-10-19 11:00"),
        ("at 2:30pm", "Wed 2026-10-14 14:30"),
        ("tomorrow at noon", "Thu 2026-10-15 12:00"),
        ("ертең кешке", "Thu 2026-10-15 17:00"),
        ("в семнадцать ноль-ноль", "Wed 2026-10-14 17:00"),
    ])
    func readsTheIdiom(text: String, expected: String) {
        #expect(CallTimePhraseTests.read(text) == expected, "\(text)")
    }

    @Test(arguments: ["полностью согласен", "пол машины в грязи", "без пяти минут готово"])
    func wordsThatOnlyLookLikeAnIdiomNameNoMoment(text: String) {
        #expect(CallTimePhraseTests.read(text) == nil, "\(text)")
    }
}

/// Minutes said after the hour, in digits apart or in words.
@Suite struct CallTimeMinutesTests {
    @Test(arguments: [
        ("завтра в 10 30", "Thu 2026-10-15 10:30"),
        ("в 16-45", "Wed 2026-10-14 16:45"),
        ("в пятнадцать тридцать", "Wed 2026-10-14 15:30"),
        ("завтра в три сорок пять", "Thu 2026-10-15 15:45"),
        ("в семнадцать ноль-ноль", "Wed 2026-10-14 17:00"),
        ("в 3 два раза", "Wed 2026-10-14 15:00"),
    ])
    func readsTheMinutes(text: String, expected: String) {
        #expect(CallTimePhraseTests.read(text) == expected, "\(text)")
    }
}
