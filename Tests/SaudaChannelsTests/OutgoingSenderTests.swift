import Foundation
import SaudaBus
import SaudaChannels
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// A channel whose answers a test decides, remembering what it was asked to send and what was recorded.
final class ScriptedDelivery: ChannelDelivery {
    let channel: Channel
    private let answer: @Sendable (OutgoingMessagePayload) throws(DeliveryError) -> DeliveryReceipt
    private let log = Mutex<(sent: [OutgoingMessagePayload], recorded: [String])>(([], []))

    init(channel: Channel = .whatsapp, _ answer: @escaping @Sendable (OutgoingMessagePayload) throws(DeliveryError) -> DeliveryReceipt) {
        self.channel = channel
        self.answer = answer
    }

    /// Replies the sender handed over, in order (failed ones too).
    var sent: [OutgoingMessagePayload] { log.withLock { $0.sent } }
    /// `outgoingID=status` of each recorded reply.
    var recorded: [String] { log.withLock { $0.recorded } }

    func deliver(_ message: OutgoingMessagePayload) async throws(DeliveryError) -> DeliveryReceipt {
        log.withLock { $0.sent.append(message) }
        return try answer(message)
    }

    func didRecord(_ message: OutgoingMessagePayload, status: String) {
        log.withLock { $0.recorded.append("\(message.outgoingID ?? "?")=\(status)") }
    }
}

/// The sender on its own: a reply queued on a table bus, sent through a scripted channel, recorded in SQLite.
@Suite struct OutgoingSenderTests {
    static let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "77017770011@c.us")
    /// The moment the sender records (its injected clock), whole seconds.
    static let moment = Date(timeIntervalSince1970: 1_790_000_000)

    struct Fixture: Sendable {
        let database: any Database
        let bus: SQLMessageBus
        let sender: OutgoingSender
        let contact: Contact
    }

    /// A contact with the stored bot reply `bot-1`, queued on `outgoing_messages`, and a sender over `delivery`.
    /// - Parameter clock: the clock the bus and the sender's waits run on (real time without it).
    static func withQueuedReply(_ delivery: ScriptedDelivery, clock: ManualClock? = nil, _ body: @Sendable (Fixture) async throws -> Void)
        async throws {
        try await withTestDatabase(.sqlite) { database in
            let bus = TestQueues.bus(database, incoming: 100, clock: clock)
            let payload = OutgoingMessagePayload(phoneNumber: "+77017770011", messageText: "EVA коврики от 18 000 ₸.", replyToMessageID: nil,
                                                 markAsRead: false, tenant: key.tenantID, channel: key.channel, chatID: key.chatID,
                                                 outgoingID: "bot-1")
            let contact = try await database.transaction { sql in
                let contact = try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: "77017770011", profile: ContactProfile(),
                                                                            initialStatus: .client, now: moment)
                _ = try await MessageRepository(sql).storeBotReply(contact: contact, messageID: "bot-1", text: payload.messageText,
                                                                   replyTo: nil, now: moment)
                try await bus.publish([QueueItem(partitionKey: key.description, tenantID: key.tenantID, payload: try PayloadCoding.encode(payload))],
                                      to: .outgoing, in: sql, now: clock?.date ?? Date())
                return contact
            }
            let sender = clock.map { clock in
                OutgoingSender(database: database, bus: bus, channels: [delivery], clock: { moment }, intervalClock: clock, logger: testLogger)
            } ?? OutgoingSender(database: database, bus: bus, channels: [delivery], clock: { moment }, logger: testLogger)
            try await body(Fixture(database: database, bus: bus, sender: sender, contact: contact))
        }
    }

    /// The logged status of `bot-1` and the status on the stored message.
    static func statuses(_ fixture: Fixture) async throws -> (logged: String?, message: String?) {
        try await fixture.database.read { sql in
            let logged = try await MessageLogRepository(sql).outgoingStatuses(tenantID: key.tenantID, channel: key.channel, messageIDs: ["bot-1"])
            let message = try await MessageRepository(sql).find(contactID: fixture.contact.id, messageID: "bot-1")
            return (logged["bot-1"], message?.deliveryStatus)
        }
    }

    /// The queued rows of `outgoing_messages` with their attempts so far.
    static func queued(_ database: any Database) async throws -> [Int64] {
        try await database.read { sql in
            try await sql.query("SELECT attempts FROM queue_messages WHERE queue = 'outgoing_messages'").map { try $0.int("attempts") }
        }
    }

    @Test func aReplyIsDeliveredOnceAndRecordedWithItsStatus() async throws {
        let delivery = ScriptedDelivery { _ throws(DeliveryError) in DeliveryReceipt(status: "sent", providerMessageID: "wamid-1") }
        try await Self.withQueuedReply(delivery) { fixture in
            #expect(try await fixture.sender.sendOnce() == 1)
            #expect(delivery.sent.map(\.outgoingID) == ["bot-1"])
            #expect(delivery.sent.first?.messageText == "EVA коврики от 18 000 ₸.")
            let (logged, message) = try await Self.statuses(fixture)
            #expect(logged == "sent" && message == "sent")
            #expect(delivery.recorded == ["bot-1=sent"], "told the channel only after the record committed")
            let entry = try await fixture.database.read { sql in
                try await MessageLogRepository(sql).recent(tenantID: Self.key.tenantID, direction: .outgoing, chatID: Self.key.chatID,
                                                           beforeID: nil, limit: 5)
            }
            #expect(entry.map(\.createdAt) == [Self.moment], "recorded at the sender's clock")
            #expect(try await Self.queued(fixture.database).isEmpty, "acknowledged")
            // Nothing is left to send: a second round sends nothing.
            #expect(try await fixture.sender.sendOnce() == 0)
            #expect(delivery.sent.count == 1)
        }
    }

    @Test func aReplyAlreadyRecordedAsSentIsAcknowledgedWithoutSendingAgain() async throws {
        let delivery = ScriptedDelivery { _ throws(DeliveryError) in DeliveryReceipt(status: "sent", providerMessageID: "wamid-2") }
        try await Self.withQueuedReply(delivery) { fixture in
            // The reply went out before a crash; its queue message was not acknowledged.
            try await fixture.database.transaction { sql in
                try await MessageLogRepository(sql).recordOutgoing(key: Self.key, messageID: "bot-1", phoneNumber: "77017770011",
                                                                   text: "EVA коврики от 18 000 ₸.", providerStatus: "delivered", error: nil,
                                                                   providerMessageID: "wamid-1", now: Self.moment)
            }
            #expect(try await fixture.sender.sendOnce() == 1)
            #expect(delivery.sent.isEmpty, "sent twice")
            #expect(try await Self.queued(fixture.database).isEmpty, "the redelivery was not acknowledged")
            #expect(try await fixture.bus.deadLetters(.outgoing) == 0)
            #expect(try await Self.statuses(fixture).logged == "delivered")
        }
    }

    @Test func aPostponedReplyWaitsWithoutUsingAnAttempt() async throws {
        let delivery = ScriptedDelivery { _ throws(DeliveryError) in
            throw DeliveryError("the WhatsApp number's send limit is reached", retryable: true, postponeFor: .seconds(600),
                                postponeReason: "send_limit")
        }
        try await Self.withQueuedReply(delivery) { fixture in
            #expect(try await fixture.sender.sendOnce() == 1)
            #expect(delivery.sent.count == 1)
            #expect(try await Self.queued(fixture.database) == [0], "the postponed try counted as an attempt")
            // It waits for its moment: not handed out again now.
            #expect(try await fixture.bus.receive(from: .outgoing, limit: 10, consumer: "probe").isEmpty)
            #expect(try await fixture.bus.deadLetters(.outgoing) == 0)
            let (logged, message) = try await Self.statuses(fixture)
            #expect(logged == nil && message == "queued", "a postponed reply is neither sent nor failed")
            #expect(delivery.recorded.isEmpty)
        }
    }

    /// The running sender, driven by a manual clock: a reply postponed for ten minutes goes out when they have passed,
    /// not a moment before, and without waiting ten real minutes.
    @Test(.timeLimit(.minutes(3))) func aPostponedReplyGoesOutWhenItsMomentComes() async throws {
        let postponed = Atomic<Bool>(false)
        let delivery = ScriptedDelivery { _ throws(DeliveryError) in
            if !postponed.exchange(true, ordering: .relaxed) {
                throw DeliveryError("the WhatsApp number's send limit is reached", retryable: true, postponeFor: .seconds(600),
                                    postponeReason: "send_limit")
            }
            return DeliveryReceipt(status: "sent", providerMessageID: "wamid-3")
        }
        let clock = ManualClock(start: Date())
        try await Self.withQueuedReply(delivery, clock: clock) { fixture in
            let running = Task { try await fixture.sender.run() }
            defer { running.cancel() }
            while delivery.sent.isEmpty { try await Task.sleep(for: .milliseconds(1)) }
            // Nine minutes and 59 seconds pass in ten steps: each wakes the sender's poll, which finds nothing due yet.
            // (Half-second steps, 1,198 polls, ran past the time limit on a loaded machine.)
            for _ in 0..<10 {
                await clock.waitForSleepers()
                clock.advance(by: .milliseconds(59_900))
            }
            await clock.waitForSleepers()
            #expect(delivery.sent.count == 1, "sent again before its moment")
            clock.advance(by: .seconds(2))
            while delivery.recorded.isEmpty { try await Task.sleep(for: .milliseconds(1)) }
            #expect(delivery.sent.count == 2)
            #expect(delivery.recorded == ["bot-1=sent"])
            #expect(try await Self.queued(fixture.database).isEmpty, "acknowledged")
        }
    }

    @Test func aRetryableFailureUsesAnAttemptAndARejectedReplyIsDeadLettered() async throws {
        let rejected = Atomic<Bool>(false)
        let delivery = ScriptedDelivery { _ throws(DeliveryError) in
            if rejected.load(ordering: .relaxed) { throw DeliveryError("the number is not on WhatsApp", retryable: false) }
            throw DeliveryError("Wappi 502", retryable: true)
        }
        try await Self.withQueuedReply(delivery) { fixture in
            #expect(try await fixture.sender.sendOnce() == 1)
            #expect(try await Self.queued(fixture.database) == [1], "a retryable failure keeps its attempt and waits for the backoff")
            #expect(try await fixture.bus.deadLetters(.outgoing) == 0)
            #expect(try await Self.statuses(fixture).logged == nil)

            // The retry comes due; this time the channel refuses the reply for good.
            try await fixture.database.transaction { sql in
                _ = try await sql.query("UPDATE queue_messages SET available_at = ?", [.date(Date().addingTimeInterval(-1))])
            }
            rejected.store(true, ordering: .relaxed)
            #expect(try await fixture.sender.sendOnce() == 1)
            #expect(delivery.sent.count == 2)
            #expect(try await Self.queued(fixture.database).isEmpty)
            #expect(try await fixture.bus.deadLetters(.outgoing) == 1)
            let (logged, message) = try await Self.statuses(fixture)
            #expect(logged == "failed" && message == "failed")
            #expect(delivery.recorded.isEmpty, "a failed reply was reported as recorded")
        }
    }
}
