import Foundation
@testable import SaudaAgent
import SaudaCore
import Testing

/// What the prompts say about the moment and the conversation.
@Suite struct ConversationFormattingTests {
    @Test func theCurrentMomentReadsWithTheYearInTheTenantsTimeZone() throws {
        let calendar = WorkingCalendar(timeZone: try #require(TimeZone(identifier: "Asia/Almaty")), startHour: 10, endHour: 18)
        // 23 November 2026, 09:30 UTC is 14:30 in Almaty.
        let moment = try #require(ISO8601DateFormatter().date(from: "2026-11-23T09:30:00Z"))
        #expect(ConversationFormatting.dateTime(moment, calendar: calendar) == "23 ноября 2026, 14:30")
    }

    @Test func historyNamesEachAuthor() {
        let now = Date()
        let history = ConversationFormatting.history([
            ConversationMessage(author: .customer, text: "Сколько стоит?", sentAt: now),
            ConversationMessage(author: .bot, text: "12 000 ₸.", sentAt: now),
            ConversationMessage(author: .human, text: "Добрый день!", sentAt: now),
        ])
        #expect(history == "Клиент: Сколько стоит?\nБот: 12 000 ₸.\nМенеджер: Добрый день!")
    }
}
