import Foundation
import SaudaCore
import Testing

@Suite struct CallTimePhraseTests {
    static let almaty = TimeZone(identifier: "Asia/Almaty")!
    /// Wednesday 14 October 2026, 11:20 in Almaty.
    static let now: Date = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = almaty
        return calendar.date(from: DateComponents(year: 2026, month: 10, day: 14, hour: 11, minute: 20))!
    }()

    static func read(_ text: String) -> String? {
        guard let phrase = CallTimePhrase.parse(text, now: now, timeZone: almaty) else { return nil }
        let formatter = DateFormatter()
        formatter.timeZone = almaty
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE yyyy-MM-dd HH:mm"
        return formatter.string(from: phrase.date) + (phrase.hasTime ? "" : " (day only)")
    }

    @Test(arguments: [
        ("завтра в 15:00", "Thu 2026-10-15 15:00"),
        ("Давайте в пятницу после обеда", "Fri 2026-10-16 14:00"),
        ("15 октября в 14:30", "Thu 2026-10-15 14:30"),
        ("через два часа", "Wed 2026-10-14 13:20"),
        ("послезавтра утром", "Fri 2026-10-16 10:00"),
        ("в понедельник в 10", "Mon 2026-10-19 10:00"),
        ("Можно завтра в 3 часа дня?", "Thu 2026-10-15 15:00"),
        ("сегодня в 4", "Wed 2026-10-14 16:00"),
        ("в среду в 10 утра", "Wed 2026-10-21 10:00"),
        ("в среду в 17:30", "Wed 2026-10-14 17:30"),
        ("в 16.30", "Wed 2026-10-14 16:30"),
        ("в 9", "Thu 2026-10-15 09:00"),
        ("через полчаса", "Wed 2026-10-14 11:50"),
        ("через 3 дня", "Sat 2026-10-17 11:20 (day only)"),
        ("20.10 в 12:00", "Tue 2026-10-20 12:00"),
        ("1 мая", "Sat 2027-05-01 10:00 (day only)"),
        ("в четверг вечером", "Thu 2026-10-15 17:00"),
        ("после завтра в обед", "Fri 2026-10-16 13:00"),
        ("tomorrow at 3 pm", "Thu 2026-10-15 15:00"),
        ("on Friday morning", "Fri 2026-10-16 10:00"),
        ("in two hours", "Wed 2026-10-14 13:20"),
        ("October 20 at 11:00", "Tue 2026-10-20 11:00"),
    ])
    func readsTheMomentAClientNames(text: String, expected: String) {
        #expect(Self.read(text) == expected, "«\(text)»")
    }

    @Test(arguments: ["Сколько стоят коврики?", "Средняя цена какая?", "Доставка 2 дня", "at a convenient time", "Мне 25 лет", ""])
    func wordsThatNameNoMomentAreNotReadAsOne(text: String) {
        #expect(Self.read(text) == nil, "«\(text)»")
    }
}

/// Dates the fuzzer (`ParserFuzzTests`) found read as moments no call can be booked for.
@Suite struct CallTimePhraseBoundsTests {
    @Test(arguments: ["20.10.10 в 12:00", "01.01.2020 в 10:00", "15.06.2099 в 11:00"])
    func aDayGoneOrYearsAwayIsNoMomentToCall(text: String) throws {
        let now = CallTimePhraseTests.now
        guard let moment = CallTimePhrase.parse(text, now: now, timeZone: CallTimePhraseTests.almaty)?.date else { return }
        #expect(moment > now.addingTimeInterval(-86_400), "a day already gone")
        #expect(moment < now.addingTimeInterval(800 * 86_400), "years away")
    }
}
