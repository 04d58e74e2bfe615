import Foundation
import SaudaCore
import Testing

/// Spans, halves of the day, typos and English abbreviations (now: Wednesday 14 October 2026, 11:20 in Almaty).
@Suite struct CallTimeEverydayTests {
    @Test(arguments: [
        ("завтра в 10-11", "Thu 2026-10-15 10:00"),
        ("в 2-3 часа дня", "Wed 2026-10-14 14:00"),
        ("через 5-10 минут", "Wed 2026-10-14 11:25"),
        ("через 2-3 дня", "Fri 2026-10-16 11:20 (day only)"),
        ("завтра до обеда", "Thu 2026-10-15 10:00"),
        ("завтра в районе обеда", "Thu 2026-10-15 13:00"),
        ("во второй половине дня", "Wed 2026-10-14 14:00"),
        ("в первой половине дня", "Thu 2026-10-15 10:00"),
        ("завтро в 3", "Thu 2026-10-15 15:00"),
        ("tmrw at 10 a.m.", "Thu 2026-10-15 10:00"),
        ("in 10 mins", "Wed 2026-10-14 11:30"),
        ("after 6", "Wed 2026-10-14 18:00"),
        ("tomorrow after lunch", "Thu 2026-10-15 14:00"),
        ("around 4 pm", "Wed 2026-10-14 16:00"),
        ("ертең кешкісін", "Thu 2026-10-15 17:00"),
        ("через час 10 минут", "Wed 2026-10-14 12:30"),
        ("через пол часа", "Wed 2026-10-14 11:50"),
        ("at half past three", "Wed 2026-10-14 15:30"),
        ("at quarter to five", "Wed 2026-10-14 16:45"),
        ("20-го в 3", "Tue 2026-10-20 15:00"),
        ("10 числа", "Tue 2026-11-10 10:00 (day only)"),
        ("ертең сағат 3те", "Thu 2026-10-15 15:00"),
        ("бүгін сағат 16:00де", "Wed 2026-10-14 16:00"),
        ("1 сағаттан кейін", "Wed 2026-10-14 12:20"),
        ("30 минуттан кейін", "Wed 2026-10-14 11:50"),
    ])
    func readsTheMoment(text: String, expected: String) {
        #expect(CallTimePhraseTests.read(text) == expected, "\(text)")
    }

    @Test(arguments: ["keep in mind", "около пяти минут", "after 2 days of waiting", "я сейчас за рулём"])
    func wordsThatNameNoMoment(text: String) {
        #expect(CallTimePhraseTests.read(text) == nil, "\(text)")
    }
}
