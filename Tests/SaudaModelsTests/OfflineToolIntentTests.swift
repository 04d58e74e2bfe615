import Foundation
import SaudaCore
@testable import SaudaModels
import Testing

/// When the offline engine books a call: only the time the bot asked about or offered, and only on a yes.
@Suite struct OfflineToolIntentTests {
    static let almaty = TimeZone(identifier: "Asia/Almaty") ?? .gmt

    static func request(bot: String, client: String, at now: Date) -> ModelRequest {
        let calendar = WorkingCalendar(timeZone: almaty, startHour: 10, endHour: 18)
        return ModelRequest(
            purpose: .sales, systemInstruction: "",
            history: [ConversationMessage(author: .bot, text: bot, sentAt: now.addingTimeInterval(-60)),
                      ConversationMessage(author: .customer, text: client, sentAt: now)],
            knowledge: [], context: TurnContext(businessName: "АвтоКоврик", contact: ContactProfile(), spinStage: .callOffer,
                                                calendar: calendar, now: now, newMessages: [client]))
    }

    @Test func aYesBooksTheAskedTimeAndAnotherTimeIsNotTakenForIt() throws {
        // Monday 23 November 2026, 09:00 in Almaty; the bot asked about Wednesday 25 November at 11:30.
        let now = try #require(ISO8601DateFormatter().date(from: "2026-11-23T04:00:00Z"))
        let asked = try #require(ISO8601DateFormatter().date(from: "2026-11-25T06:30:00Z"))
        let question = "Записать Вас на звонок 25 ноября в 11:30? 📞"
        #expect(OfflineToolIntent(request: Self.request(bot: question, client: "Да", at: now)).agreedSlot() == asked)
        #expect(OfflineToolIntent(request: Self.request(bot: question, client: "Да, в 11:30", at: now)).agreedSlot() == asked)
        #expect(OfflineToolIntent(request: Self.request(bot: question, client: "Давайте лучше в 14:00", at: now)).agreedSlot() == nil)
        #expect(OfflineToolIntent(request: Self.request(bot: question, client: "Нет", at: now)).agreedSlot() == nil)
    }

    /// A slot the tool refused is not offered back in the same reply (the security review saw «это время уже занято»
    /// followed by that very time).
    @Test func aRefusedSlotIsNotOfferedAgain() throws {
        // Monday 23 November 2026, 09:00 in Almaty: the nearest slots two hours on start at 11:00.
        let now = try #require(ISO8601DateFormatter().date(from: "2026-11-23T04:00:00Z"))
        var request = Self.request(bot: "Могу предложить звонок сегодня в 11:00 📞", client: "Да", at: now)
        let refused = "2026-11-23T11:00:00+05:00"
        let call = ToolCall(id: "c1", name: "book_call", arguments: ["time": .string(refused)], providerID: false)
        request.exchanges = [ToolExchange(calls: [call], results: [ToolResult(callID: "c1", name: "book_call",
                                                                              content: .string("not available"), isError: true)],
                                          providerTurn: nil)]
        let reply = try #require(OfflineToolIntent(request: request).response()?.text)
        #expect(reply.contains("недоступно"))
        let slot = request.context.calendar.formatForClient(try #require(ISO8601.parse(refused)), language: .russian)
        #expect(!reply.contains(slot), "«\(reply)» offers \(slot) again")
    }
}
