import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaAgent
import SaudaCore
import SaudaModels
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// The sales agent's tools through the whole system, with Gemini simulated over HTTP.
@Suite struct ToolCallingSystemTests {
    @Test func aBookingAndLeadDetailsAreStoredWithTheConversationAndASlotIsBookedOnce() async throws {
        let calendar = SaudaSettings().calendar
        let slot = try #require(calendar.workingSlots(after: Date().addingTimeInterval(86_400), count: 1).first)
        let slotText = slot.formatted(Date.ISO8601FormatStyle(timeZone: calendar.timeZone))
        let simulator = GeminiSimulator(apiKey: "tools-key")
        simulator.enqueue(
            .functionCalls([.init(name: "record_lead", args: ["name": "Айгерим", "car": "Toyota Camry 70"]),
                            .init(name: "book_call", args: ["time": .string(slotText), "notes": "коврики EVA"])], signature: "sig-book"),
            .text("Записала Вас на звонок.", signature: nil),
            // A second client asks for the same slot: the tool refuses and the model offers another time.
            .functionCalls([.init(name: "book_call", args: ["time": .string(slotText)])], signature: "sig-again"),
            .text("Это время занято, предлагаю другое.", signature: nil))
        try await SimulatorServer.withServer(simulator.router()) { port in
            try await withTemporaryDirectory { directory in
                var settings = SaudaSettings()
                settings.database = .sqlite(path: directory.appendingPathComponent("tools.sqlite").path)
                settings.models.provider = .gemini
                settings.models.geminiAPIKey = "tools-key"
                settings.models.geminiBaseURL = "http://127.0.0.1:\(port)/v1beta"
                let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
                try await system.prepare()
                let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
                try await app.test(.ahc(.http)) { client in
                    for session in ["first", "second"] {
                        try await client.execute(uri: "/api/v1/webchat/default/messages", method: .post, headers: [.contentType: "application/json"],
                                                 body: json(["session": session, "text": "Позвоните мне завтра утром", "id": "m1"])) { response in
                            #expect(response.status == .accepted)
                        }
                        _ = try await waitForAnswers(client, session: session, count: 1)
                    }
                    let first = try await conversation(client, session: "first")
                    #expect(first.messages.last?.text == "Записала Вас на звонок.")
                    let second = try await conversation(client, session: "second")
                    #expect(second.messages.last?.text == "Это время занято, предлагаю другое.")

                    let (calls, tools, lead) = try await system.database.read { sql in
                        let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .webchat, chatID: "first"))
                        let id = contact?.id ?? 0
                        return (try await ScheduledCallRepository(sql).upcoming(contactID: id),
                                try await ModelUsageRepository(sql).toolCalls(contactID: id),
                                try await ContactRepository(sql).leadDetails(contactID: id))
                    }
                    #expect(calls.map(\.scheduledAt) == [slot])
                    #expect(calls.first?.notes == "коврики EVA")
                    #expect(tools.map(\.name) == ["record_lead", "book_call"])
                    #expect(tools.allSatisfy { !$0.isError })
                    #expect(lead == ["car": "Toyota Camry 70"])
                    let secondTools = try await system.database.read { sql in
                        let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .webchat, chatID: "second"))
                        return try await ModelUsageRepository(sql).toolCalls(contactID: contact?.id ?? 0)
                    }
                    #expect(secondTools.count == 1)
                    #expect(secondTools.first?.isError == true)
                    #expect(secondTools.first?.result.contains("is not available; free times:") == true)
                    // The refusal reached the model as the call's error result.
                    let refused = simulator.requests.last?.body["contents"]?.arrayValue?.last?["parts"]?.arrayValue?.first
                    #expect(refused?["functionResponse"]?["response"]?["error"] != nil)
                }
            }
        }
    }

    @Test func theOfflineEngineBooksTheSlotAClientAgreesTo() async throws {
        try await withTemporaryDirectory { directory in
            var settings = SaudaSettings()
            settings.database = .sqlite(path: directory.appendingPathComponent("offline-tools.sqlite").path)
            let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
            try await system.prepare()
            let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
            let calendar = settings.calendar
            try await app.test(.ahc(.http)) { client in
                for (index, text) in ["Давайте созвонимся", "Да, подходит"].enumerated() {
                    try await client.execute(uri: "/api/v1/webchat/default/messages", method: .post, headers: [.contentType: "application/json"],
                                             body: json(["session": "call", "text": text, "id": "c\(index)"])) { response in
                        #expect(response.status == .accepted)
                    }
                    _ = try await waitForAnswers(client, session: "call", count: index + 1)
                }
                let replies = try await conversation(client, session: "call").messages.filter { $0.role == "bot" }
                #expect(replies.count == 2)
                #expect(replies.last?.text.hasPrefix("Отлично, записал Вас на звонок") == true)
                let calls = try await system.database.read { sql in
                    let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .webchat, chatID: "call"))
                    return try await ScheduledCallRepository(sql).upcoming(contactID: contact?.id ?? 0)
                }
                #expect(calls.count == 1)
                let offered = try #require(calls.first).scheduledAt
                #expect(replies.first?.text.contains(calendar.formatForClient(offered)) == true)
                #expect(replies.last?.text.contains(calendar.formatForClient(offered)) == true)
            }
        }
    }

    @Test func aTimeTheClientNamesIsAskedBackThenBookedAndAnHourOffWorkGetsTheNearestTimes() async throws {
        try await withTemporaryDirectory { directory in
            var settings = SaudaSettings()
            settings.database = .sqlite(path: directory.appendingPathComponent("named-time.sqlite").path)
            let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
            try await system.prepare()
            let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
            let calendar = settings.calendar
            try await app.test(.ahc(.http)) { client in
                // A working weekday two to six days ahead: the named time is never within the next quarter hour,
                // whatever the hour the test runs at (asked for today at 11:30 at 11:20, a time too near is not booked).
                let workday = try #require(ToolCallingSystemTests.workingWeekdayAhead(in: calendar.timeZone))
                let named = "в \(workday) в 11:30"
                let messages = ["Хочу созвониться с менеджером", "Можно в воскресенье в 12?", "Тогда \(named)", "Да"]
                var replies: [String] = []
                for (index, text) in messages.enumerated() {
                    try await client.execute(uri: "/api/v1/webchat/default/messages", method: .post, headers: [.contentType: "application/json"],
                                             body: json(["session": "named", "text": text, "id": "n\(index)"])) { response in
                        #expect(response.status == .accepted)
                    }
                    let body = try await waitForAnswers(client, session: "named", count: index + 1)
                    replies = body.messages.filter { $0.role == "bot" }.map(\.text)
                }
                #expect(replies.count == 4)
                // Sunday is off: the nearest working times are offered instead, nothing is booked.
                #expect(replies[1].contains("В это время менеджеры не звонят"), "\(replies[1])")
                // A working time the client names is asked back before it is booked.
                let booked = try #require(CallTimePhrase.parse(named, now: Date(), timeZone: calendar.timeZone)).date
                #expect(replies[2].contains("Записать Вас на звонок \(calendar.formatForClient(booked))"), "\(replies[2])")
                #expect(replies[3].hasPrefix("Отлично, записал Вас на звонок"), "\(replies[3])")
                let calls = try await system.database.read { sql in
                    let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .webchat, chatID: "named"))
                    return try await ScheduledCallRepository(sql).upcoming(contactID: contact?.id ?? 0)
                }
                #expect(calls.map(\.scheduledAt) == [booked], "booked once, at the time the client named")
            }
        }
    }
}

extension ToolCallingSystemTests {
    /// The accusative name of a working weekday two to six days ahead in `timeZone` («среду»): a time named on it
    /// is never within the next quarter hour, whatever the hour a test runs at.
    static func workingWeekdayAhead(in timeZone: TimeZone) -> String? {
        let names = [2: "понедельник", 3: "вторник", 4: "среду", 5: "четверг", 6: "пятницу"]
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = timeZone
        return (2...6).lazy.compactMap { offset in
            gregorian.date(byAdding: .day, value: offset, to: Date()).flatMap { names[gregorian.component(.weekday, from: $0)] }
        }.first
    }
}
