import Foundation
import SaudaAgent
import SaudaCore
import SaudaModels
import SaudaStore
import SaudaTestSupport
import Testing

/// The follow-up scheduler on its own, with the offline model writing the touches.
@Suite struct FollowUpSchedulerTests {
    static let calendar = WorkingCalendar(timeZone: TimeZone(identifier: "Asia/Almaty") ?? .gmt, startHour: 10, endHour: 18)
    static let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "77015550077@c.us")

    /// A local time of the tenant on Wednesday 2 December 2026, whole seconds.
    static func wednesday(hour: Int) throws -> Date {
        var local = Calendar(identifier: .gregorian)
        local.timeZone = calendar.timeZone
        return try #require(local.date(from: DateComponents(year: 2026, month: 12, day: 2, hour: hour)))
    }

    static func scheduler(_ database: any Database) throws -> FollowUpScheduler {
        let settings = AgentSettings(calendar: calendar)
        return FollowUpScheduler(database: database, model: OfflineEngine(), prompts: try PromptLibrary(), settings: settings,
                                 plan: FollowUpPlan(intervals: [24, 72, 168, 336, 720], calendar: calendar), outboxSignal: nil,
                                 clock: { Date(timeIntervalSince1970: 0) }, logger: testLogger)
    }

    /// A contact the bot answered at `start`, whose chain's first touch is due at `due`.
    static func seedChain(_ database: any Database, status: ContactStatus = .client, start: Date, due: Date) async throws -> Contact {
        try await database.transaction { sql in
            let contact = try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: "77015550077", profile: ContactProfile(name: "Дана"),
                                                                        initialStatus: status, now: start)
            _ = try await MessageRepository(sql).storeCustomerMessages(
                [NewCustomerMessage(messageID: "c1", text: "Сколько стоят EVA коврики?", isVoice: false, sentAt: start)], contact: contact)
            _ = try await MessageRepository(sql).storeBotReply(contact: contact, messageID: "bot-1", text: "EVA коврики от 18 000 ₸.",
                                                               replyTo: "c1", now: start)
            try await FollowUpRepository(sql).restart(tenantID: Tenant.defaultID, contactID: contact.id, reason: .noReply, firstTouchAt: due,
                                                      now: start)
            return contact
        }
    }

    static func chains(_ database: any Database, _ contact: Contact) async throws -> [FollowUp] {
        try await database.read { sql in try await FollowUpRepository(sql).all(contactID: contact.id) }
    }

    static func outbox(_ database: any Database) async throws -> Int {
        try await database.read { sql in try await OutboxRepository(sql).pendingCount() }
    }

    @Test func aDueChainIsTouchedAndWaitsForItsNextTouch() async throws {
        try await withTestDatabase(.sqlite) { database in
            let due = try Self.wednesday(hour: 11)
            let contact = try await Self.seedChain(database, start: due.addingTimeInterval(-86_400), due: due)
            let round = try await Self.scheduler(database).runOnce(now: due)
            #expect([round.sent, round.ended, round.skipped, round.failed] == [1, 0, 0, 0] as [Int])
            let chain = try #require(try await Self.chains(database, contact).first)
            #expect(!chain.isCompleted && chain.touchNumber == 2 && chain.lastTouchAt == due)
            #expect(chain.startReason == .noReply)
            #expect(chain.nextTouchAt == FollowUpPlan(intervals: [24, 72, 168, 336, 720], calendar: Self.calendar).dueTime(touch: 2, after: due))
            #expect(try await Self.outbox(database) == 1)
            let bots = try await database.read { sql in try await MessageRepository(sql).conversation(contactID: contact.id) }
                .filter { $0.author == .bot }
            #expect(bots.count == 2, "the reply and the touch")
        }
    }

    @Test func aChainDueOutsideWorkingHoursIsPostponedToTheNextWorkingMorning() async throws {
        try await withTestDatabase(.sqlite) { database in
            let night = try Self.wednesday(hour: 2)
            try #require(!Self.calendar.isWorkingTime(night))
            let contact = try await Self.seedChain(database, start: night.addingTimeInterval(-86_400), due: night)
            let round = try await Self.scheduler(database).runOnce(now: night)
            #expect([round.sent, round.ended, round.skipped, round.failed] == [0, 0, 1, 0] as [Int])
            let chain = try #require(try await Self.chains(database, contact).first)
            #expect(!chain.isCompleted && chain.touchNumber == 1)
            #expect(chain.nextTouchAt == (try Self.wednesday(hour: 10)))
            #expect(try await Self.outbox(database) == 0)
        }
    }

    @Test func aChainWhoseClientWroteEndsWithClientResponded() async throws {
        try await withTestDatabase(.sqlite) { database in
            let due = try Self.wednesday(hour: 12)
            let start = due.addingTimeInterval(-86_400)
            let contact = try await Self.seedChain(database, start: start, due: due)
            // The client's message is accepted (in the queue or in a turn) but not answered yet.
            _ = try await database.transaction { sql in
                try await MessageLogRepository(sql).recordIncoming(key: Self.key, messageID: "c2", phoneNumber: "77015550077", text: "А доставка?",
                                                                   isVoice: false, now: start.addingTimeInterval(3600))
            }
            let round = try await Self.scheduler(database).runOnce(now: due)
            #expect([round.sent, round.ended, round.skipped, round.failed] == [0, 1, 0, 0] as [Int])
            let chain = try #require(try await Self.chains(database, contact).first)
            #expect(chain.isCompleted && chain.endReason == .clientResponded)
            #expect(chain.stopReason == "client_responded")
            #expect(try await Self.outbox(database) == 0)
        }
    }

    @Test func aChainOfAContactNoLongerAClientEndsWithNotAClient() async throws {
        try await withTestDatabase(.sqlite) { database in
            let due = try Self.wednesday(hour: 12)
            let contact = try await Self.seedChain(database, status: .notClient, start: due.addingTimeInterval(-86_400), due: due)
            let round = try await Self.scheduler(database).runOnce(now: due)
            #expect(round.ended == 1 && round.sent == 0)
            #expect(try await Self.chains(database, contact).first?.endReason == .notAClient)
        }
    }

    @Test(.timeLimit(.minutes(1))) func theRunningSchedulerTouchesAChainWhenTheClockReachesItsDueTime() async throws {
        try await withTestDatabase(.sqlite) { database in
            let start = try Self.wednesday(hour: 11)
            let clock = ManualClock(start: start)
            let contact = try await Self.seedChain(database, start: start.addingTimeInterval(-86_400), due: start.addingTimeInterval(60))
            let scheduler = FollowUpScheduler(database: database, model: OfflineEngine(), prompts: try PromptLibrary(),
                                              settings: AgentSettings(calendar: Self.calendar),
                                              plan: FollowUpPlan(intervals: [24, 72, 168, 336, 720], calendar: Self.calendar), outboxSignal: nil,
                                              interval: .seconds(30), clock: { clock.date }, intervalClock: clock, logger: testLogger)
            let running = Task { try await scheduler.run() }
            // Each round ends with the scheduler sleeping on the clock again.
            await clock.waitForSleepers()
            #expect(try await Self.outbox(database) == 0, "touched a minute early")
            clock.advance(by: .seconds(30))
            await clock.waitForSleepers()
            #expect(try await Self.outbox(database) == 0, "touched half a minute early")
            clock.advance(by: .seconds(30))
            await clock.waitForSleepers()
            #expect(try await Self.outbox(database) == 1)
            let chain = try #require(try await Self.chains(database, contact).first)
            #expect(chain.touchNumber == 2 && chain.lastTouchAt == start.addingTimeInterval(60))
            running.cancel()
            try await running.value
        }
    }
}
