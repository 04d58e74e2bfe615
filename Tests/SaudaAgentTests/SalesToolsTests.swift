import Foundation
import SaudaAgent
import SaudaCore
import SaudaKnowledge
import SaudaModels
import SaudaStore
import SaudaTestSupport
import Testing

/// Each sales tool's handler on a seeded database, through the registry as the tool-calling loop runs it.
@Suite struct SalesToolsTests {
    static let calendar = WorkingCalendar(timeZone: TimeZone(identifier: "Asia/Almaty") ?? .gmt, startHour: 10, endHour: 18)
    static let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "77015550088@c.us")

    struct Fixture {
        let database: any Database
        let registry: ToolRegistry
        let contact: Contact
        /// Wednesday 2 December 2026, 09:00 in the tenant's time zone: before opening.
        let now: Date

        init(_ database: any Database) async throws {
            self.database = database
            try await TurnProcessorTests.Harness.loadSampleKnowledge(into: database)
            registry = SalesTools(database: database, knowledge: KnowledgeCache(database: database), calendar: SalesToolsTests.calendar).registry
            var local = Calendar(identifier: .gregorian)
            local.timeZone = SalesToolsTests.calendar.timeZone
            let now = try #require(local.date(from: DateComponents(year: 2026, month: 12, day: 2, hour: 9)))
            self.now = now
            contact = try await database.transaction { sql in
                try await ContactRepository(sql).findOrCreate(key: SalesToolsTests.key, phoneNumber: "77015550088", profile: ContactProfile(),
                                                              initialStatus: .client, now: now)
            }
        }

        func call(_ name: String, _ arguments: JSONValue, contactID: Int64? = nil) async -> ToolResult {
            let context = ToolContext(tenantID: Tenant.defaultID, contactID: contactID ?? contact.id, chatID: SalesToolsTests.key.chatID,
                                      channel: SalesToolsTests.key.channel.rawValue, now: now)
            return await registry.run(ToolCall(id: "call-1", name: name, arguments: arguments), context: context)
        }

        /// The tenant's local time on `day` December 2026 at `hour`, as ISO 8601 with its offset.
        func local(day: Int, hour: Int) throws -> (date: Date, text: String) {
            var local = Calendar(identifier: .gregorian)
            local.timeZone = SalesToolsTests.calendar.timeZone
            let date = try #require(local.date(from: DateComponents(year: 2026, month: 12, day: day, hour: hour)))
            return (date, date.formatted(Date.ISO8601FormatStyle(timeZone: SalesToolsTests.calendar.timeZone)))
        }
    }

    @Test func searchKnowledgeReturnsTheMatchingPassages() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await Fixture(database)
            let result = await fixture.call("search_knowledge", ["query": "EVA коврики цена"])
            #expect(!result.isError)
            let passages = try #require(result.content["passages"]?.arrayValue)
            #expect(!passages.isEmpty && passages.count <= 3)
            #expect(passages.contains { $0["text"]?.stringValue?.contains("18 000") == true })
        }
    }

    @Test func proposeCallSlotsOffersWorkingSlotsThatAreNotTaken() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await Fixture(database)
            let first = await fixture.call("propose_call_slots", ["count": 2])
            let slots = try #require(first.content["slots"]?.arrayValue)
            #expect(slots.count == 2)
            let times = slots.compactMap { $0["time"]?.stringValue.flatMap(ISO8601.parse) }
            #expect(times.count == 2 && times.allSatisfy { Self.calendar.isWorkingTime($0) && $0 > fixture.now })
            #expect(slots.allSatisfy { $0["say"]?.stringValue?.isEmpty == false })
            // The first slot is booked: it is offered no more.
            let taken = try #require(times.first)
            _ = try await database.transaction { sql in
                try await ScheduledCallRepository(sql).book(tenantID: Tenant.defaultID, contactID: fixture.contact.id, at: taken,
                                                            timeZone: "Asia/Almaty", manager: nil, notes: nil, now: fixture.now)
            }
            let again = await fixture.call("propose_call_slots", ["count": 2])
            let retimes = try #require(again.content["slots"]?.arrayValue).compactMap { $0["time"]?.stringValue.flatMap(ISO8601.parse) }
            #expect(retimes.count == 2 && !retimes.contains(taken))
        }
    }

    @Test func bookCallBooksAWorkingTimeOnceAndRefusesOthers() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await Fixture(database)
            let slot = try fixture.local(day: 3, hour: 11)
            let booked = await fixture.call("book_call", ["time": .string(slot.text), "notes": "EVA коврики"])
            #expect(!booked.isError && booked.content["booked"] == true)
            let calls = try await database.read { sql in try await ScheduledCallRepository(sql).upcoming(contactID: fixture.contact.id) }
            #expect(calls.map(\.scheduledAt) == [slot.date] && calls.first?.notes == "EVA коврики")
            #expect(booked.content["call_id"]?.numberValue == calls.first.map { Double($0.id) })
            // The same client again (a retried turn): the booking stands, no second row.
            let retried = await fixture.call("book_call", ["time": .string(slot.text)])
            #expect(!retried.isError && retried.content["call_id"] == booked.content["call_id"])
            // Another client for the same time is refused.
            let other = try await database.transaction { sql in
                try await ContactRepository(sql).findOrCreate(key: ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "77015550099@c.us"),
                                                              phoneNumber: nil, profile: ContactProfile(), initialStatus: .client, now: fixture.now)
            }
            let clash = await fixture.call("book_call", ["time": .string(slot.text)], contactID: other.id)
            #expect(clash.isError && clash.content.stringValue?.contains("is not available; free times:") == true)
            let freeTimes = clash.content.stringValue?.components(separatedBy: "free times:").last ?? ""
            #expect(!freeTimes.contains(SalesToolsTests.calendar.formatForClient(try #require(ISO8601.parse(slot.text)))),
                    "the refused time is not offered again")
            let night = await fixture.call("book_call", ["time": .string(try fixture.local(day: 3, hour: 22).text)])
            #expect(night.isError && night.content.stringValue?.contains("outside working hours") == true)
            let past = await fixture.call("book_call", ["time": .string(try fixture.local(day: 1, hour: 11).text)])
            #expect(past.isError && past.content.stringValue?.contains("in the past") == true)
            let garbled = await fixture.call("book_call", ["time": "завтра в 11"])
            #expect(garbled.isError && garbled.content.stringValue?.contains("ISO 8601") == true)
        }
    }

    @Test func recordLeadSavesTheDetailsOnTheContact() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await Fixture(database)
            let result = await fixture.call("record_lead", ["name": "Дана", "business_name": "ТОО Ромашка", "need": "EVA коврики", "city": "Астана"])
            #expect(!result.isError && result.content["saved"] == true)
            let (contact, details) = try await database.read { sql in
                (try await ContactRepository(sql).find(id: fixture.contact.id),
                 try await ContactRepository(sql).leadDetails(contactID: fixture.contact.id))
            }
            #expect(contact?.profile.name == "Дана" && contact?.profile.businessName == "ТОО Ромашка")
            #expect(details == ["need": "EVA коврики", "city": "Астана"])
        }
    }

    @Test func aToolWithoutAConversationIsRefused() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await Fixture(database)
            let context = ToolContext(tenantID: Tenant.defaultID, contactID: nil, chatID: nil, now: fixture.now)
            let result = await fixture.registry.run(ToolCall(id: "c", name: "record_lead", arguments: ["need": "коврики"]), context: context)
            #expect(result.isError && result.content.stringValue?.contains("no conversation") == true)
        }
    }
}
