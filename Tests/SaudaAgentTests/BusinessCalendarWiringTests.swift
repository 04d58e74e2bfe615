import Foundation
import Logging
import SaudaAgent
import SaudaCore
import SaudaKnowledge
import SaudaModels
import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// The agent's time rules take the calendar of the conversation's business (docs/businesses.md): call booking and
/// the follow-up plan.
@Suite struct BusinessCalendarWiringTests {
    static let installation = SaudaSettings()

    /// The default tenant in Asia/Aqtobe (UTC+5), open Saturday 11–16 only, with follow-ups every two hours.
    static func saveSaturdayBusiness(_ database: any Database, followUps: Bool = true) async throws {
        var settings = BusinessSettings.installationDefaults(installation)
        settings.workingHours = [.saturday: OpeningHours(opens: "11:00", closes: "16:00")]
        settings.followUpsEnabled = followUps
        settings.followUpIntervals = [2, 4, 6, 8, 10]
        let saved = settings
        _ = try await database.transaction { sql in
            try await TenantRepository(sql).update(Tenant(id: Tenant.defaultID, name: "Тест", timeZone: "Asia/Aqtobe"))
            try await BusinessSettingsRepository(sql).save(tenantID: Tenant.defaultID, saved, now: Date())
        }
    }

    static func directory(_ database: any Database) -> BusinessDirectory {
        BusinessDirectory(database: database, defaults: .installationDefaults(installation), fallbackTimeZone: installation.timeZone)
    }

    static func local(_ day: Int, _ hour: Int) throws -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Aqtobe") ?? .gmt
        return try #require(calendar.date(from: DateComponents(year: 2026, month: 12, day: day, hour: hour)))
    }

    @Test func callsAreOfferedAndBookedInTheBusinesssHours() async throws {
        try await withTestDatabase(.sqlite) { database in
            try await Self.saveSaturdayBusiness(database)
            let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "77015550088@c.us")
            // Wednesday 2 December 2026, 09:00 in Aqtobe.
            let now = try Self.local(2, 9)
            let contact = try await database.transaction { sql in
                try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: "77015550088", profile: ContactProfile(),
                                                              initialStatus: .client, now: now)
            }
            let registry = SalesTools(database: database, knowledge: KnowledgeCache(database: database), calendar: Self.installation.calendar,
                                      businesses: Self.directory(database)).registry
            let context = ToolContext(tenantID: Tenant.defaultID, contactID: contact.id, chatID: key.chatID, channel: key.channel.rawValue, now: now)
            let proposed = await registry.run(ToolCall(id: "1", name: "propose_call_slots", arguments: ["count": 2]), context: context)
            let slots = try #require(proposed.content["slots"]?.arrayValue).compactMap { $0["time"]?.stringValue }
            // Saturday 5 December 11:00 and 12:00, written with Aqtobe's offset.
            #expect(slots == ["2026-12-05T11:00:00+0500", "2026-12-05T12:00:00+0500"])

            // Thursday 11:00 is working time for the installation, not for this business.
            let thursday = try Self.local(3, 11).formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "Asia/Aqtobe") ?? .gmt))
            let refused = await registry.run(ToolCall(id: "2", name: "book_call", arguments: ["time": .string(thursday)]), context: context)
            #expect(refused.isError && refused.content.stringValue?.contains("outside working hours (сб 11:00–16:00)") == true,
                    "\(refused.content)")
            let booked = await registry.run(ToolCall(id: "3", name: "book_call", arguments: ["time": "2026-12-05T11:00:00+05:00"]), context: context)
            #expect(!booked.isError, "\(booked.content)")
            let calls = try await database.read { sql in try await ScheduledCallRepository(sql).upcoming(contactID: contact.id) }
            #expect(calls.first?.timeZone == "Asia/Aqtobe")
        }
    }

    @Test func theFollowUpPlanIsTheBusinesss() async throws {
        try await withTestDatabase(.sqlite) { database in
            var settings = AgentSettings(Self.installation)
            settings.businesses = Self.directory(database)
            let before = try #require(await settings.followUpPlan(for: Tenant.defaultID))
            #expect(before.intervals == Self.installation.followUpIntervals)
            #expect(before.calendar.minutes(weekday: 2) == 10 * 60..<18 * 60)

            try await Self.saveSaturdayBusiness(database)
            settings.businesses = Self.directory(database)
            let plan = try #require(await settings.followUpPlan(for: Tenant.defaultID))
            #expect(plan.intervals == [2, 4, 6, 8, 10])
            #expect(plan.calendar.timeZone.identifier == "Asia/Aqtobe")
            // A touch due on Wednesday evening waits for Saturday 11:00 in Aqtobe.
            #expect(plan.dueTime(touch: 1, after: try Self.local(2, 17)) == (try Self.local(5, 11)))
            #expect(await settings.calendar(for: Tenant.defaultID).minutes(weekday: 7) == 11 * 60..<16 * 60)

            try await Self.saveSaturdayBusiness(database, followUps: false)
            settings.businesses = Self.directory(database)
            #expect(await settings.followUpPlan(for: Tenant.defaultID) == nil)
            // Without a directory the installation's plan applies, as before.
            settings.businesses = nil
            #expect(await settings.followUpPlan(for: Tenant.defaultID)?.intervals == Self.installation.followUpIntervals)
        }
    }
}

/// A business's saved prompt override reaches the model in its conversations only.
@Suite struct BusinessPromptWiringTests {
    @Test func theReplyIntentReaderSendsTheBusinesssOverride() async throws {
        try await withTestDatabase(.sqlite) { database in
            var business = BusinessSettings.installationDefaults(SaudaSettings())
            business.promptOverrides = ["reply_intent": "Магазин {{business_name}}. Клиент: {{client_message}}"]
            let saved = business
            _ = try await database.transaction { sql in
                try await BusinessSettingsRepository(sql).save(tenantID: Tenant.defaultID, saved, now: Date())
            }
            var settings = AgentSettings(calendar: ConversationEngineTests.calendar)
            settings.businesses = BusinessCalendarWiringTests.directory(database)
            let model = ReplyIntentReaderTests.RemoteModel(text: #"{"intent": "yes"}"#)
            let reader = ReplyIntentReader(model: model, prompts: try PromptLibrary(), settings: settings, logger: Logger(label: "test"))
            _ = await reader.read("ну в принципе можно, только вечером привезите", answering: ReplyIntentReaderTests.offer, businessName: "Эво", now: Date(),
                                  tenantID: Tenant.defaultID)
            _ = await reader.read("ну в принципе можно, только вечером привезите", answering: ReplyIntentReaderTests.offer, businessName: "Другой", now: Date(),
                                  tenantID: "second")
            let prompts = model.requests.withLock { $0.map(\.systemInstruction) }
            #expect(prompts.count == 2)
            #expect(prompts.first == "Магазин Эво. Клиент: ну в принципе можно, только вечером привезите")
            #expect(prompts.last?.contains("Магазин Другой") == false, "another business keeps the template file")
        }
    }
}
