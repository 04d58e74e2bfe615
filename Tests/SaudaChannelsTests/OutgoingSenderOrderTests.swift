import Foundation
import SaudaBus
import SaudaChannels
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// A chat's replies go out in order even when a receive that began before a reply failed returns after the lane's
/// drain has ended (the interleaving a loaded machine produced once: the reply to a chat's third message went out last).
@Suite struct OutgoingSenderOrderTests {
    /// A table bus whose receive, once armed, keeps a result that holds a given reply until the test lets it go.
    final class HeldReceiveBus: MessageBus, Sendable {
        let inner: SQLMessageBus
        private let state = Mutex<(payload: String?, taken: Bool, retries: Int)>((nil, false, 0))
        private let gate = AsyncStream<Void>.makeStream()

        init(_ inner: SQLMessageBus) { self.inner = inner }

        /// Holds the first receive whose result carries `payload` (a substring of the delivery's payload).
        func hold(resultWith payload: String) { state.withLock { $0.payload = payload } }
        /// Lets the held receive return.
        func letGo() { gate.continuation.yield() }
        /// Whether the held receive has its result.
        var isHolding: Bool { state.withLock { $0.taken } }
        /// Failed deliveries scheduled again.
        var retries: Int { state.withLock { $0.retries } }

        func receive(from queue: QueueName, limit: Int, consumer: String) async throws -> [Delivery] {
            let result = try await inner.receive(from: queue, limit: limit, consumer: consumer)
            let held = state.withLock { state -> Bool in
                guard let payload = state.payload, !state.taken, result.contains(where: { $0.message.payload.contains(payload) }) else { return false }
                state.taken = true
                return true
            }
            if held {
                var iterator = gate.stream.makeAsyncIterator()
                _ = await iterator.next()
            }
            return result
        }

        func retry(_ delivery: Delivery, error: String) async throws -> Bool {
            state.withLock { $0.retries += 1 }
            return try await inner.retry(delivery, error: error)
        }

        func publish(_ items: [QueueItem], to queue: QueueName, in transaction: any SQLConnection, now: Date) async throws {
            try await inner.publish(items, to: queue, in: transaction, now: now)
        }
        func ensureRoom(upTo maximum: Int, in queue: QueueName, in transaction: any SQLConnection,
                        needed: @Sendable () async throws -> Int) async throws {
            try await inner.ensureRoom(upTo: maximum, in: queue, in: transaction, needed: needed)
        }
        func receive(from queue: QueueName, limit: Int, consumer: String, excludingTenants: Set<String>) async throws -> [Delivery] {
            try await receive(from: queue, limit: limit, consumer: consumer)
        }
        func relay(_ items: [QueueItem], to queue: QueueName, in transaction: any SQLConnection, now: Date) async throws {
            try await inner.relay(items, to: queue, in: transaction, now: now)
        }
        func acknowledge(_ deliveries: [Delivery], in transaction: any SQLConnection) async throws {
            try await inner.acknowledge(deliveries, in: transaction)
        }
        func deadLetter(_ deliveries: [Delivery], reason: String, error: String, in transaction: any SQLConnection, now: Date) async throws {
            try await inner.deadLetter(deliveries, reason: reason, error: error, in: transaction, now: now)
        }
        func settle(_ deliveries: [Delivery]) async { await inner.settle(deliveries) }
        func release(_ deliveries: [Delivery], consumer: String) async throws { try await inner.release(deliveries, consumer: consumer) }
        func postpone(_ delivery: Delivery, consumer: String, by delay: Duration) async throws {
            try await inner.postpone(delivery, consumer: consumer, by: delay)
        }
        func depth(_ queue: QueueName) async throws -> Int { try await inner.depth(queue) }
        func deadLetters(_ queue: QueueName) async throws -> Int { try await inner.deadLetters(queue) }
        func notify(_ queue: QueueName) { inner.notify(queue) }
        func waitForWork(_ queue: QueueName, timeout: Duration) async { await inner.waitForWork(queue, timeout: timeout) }
    }

    /// Waits (real time, briefly) until `condition` holds.
    static func until(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aReplyClaimedWhileAnEarlierOneFailedWaitsBehindIt() async throws {
        let key = OutgoingSenderTests.key
        try await withTestDatabase(.sqlite) { database in
            let clock = ManualClock(start: Date())
            let table = SQLMessageBus(database: database, limits: [:], retryPolicy: RetryPolicy(maxAttempts: 5, leaseDuration: 30,
                                                                                                initialBackoff: 5, maxBackoff: 5),
                                      clock: { clock.date }, intervalClock: clock, logger: testLogger)
            let bus = HeldReceiveBus(table)
            // The first reply blocks in the channel until the second has been claimed, then fails once; every later send works.
            let firstMayFail = AsyncStream<Void>.makeStream()
            let attempts = Mutex<[String]>([])
            let channel = ScriptedDelivery { payload throws(DeliveryError) -> DeliveryReceipt in
                let id = payload.outgoingID ?? "?"
                let isFirstTry = attempts.withLock { log -> Bool in
                    log.append(id)
                    return id == "bot-1" && log.filter { $0 == "bot-1" }.count == 1
                }
                if isFirstTry { throw DeliveryError("Wappi is down", retryable: true) }
                return DeliveryReceipt(status: "sent", providerMessageID: "wamid-\(id)")
            }
            let gatedChannel = BlockingDelivery(inner: channel, blockFirstOf: "bot-1", until: firstMayFail.stream)
            let sender = OutgoingSender(database: database, bus: bus, channels: [gatedChannel], intervalClock: clock, logger: testLogger)
            let contact = try await database.transaction { sql in
                try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: "77017770011", profile: ContactProfile(),
                                                              initialStatus: .client, now: clock.date)
            }
            func publish(_ id: String) async throws {
                let payload = OutgoingMessagePayload(phoneNumber: "+77017770011", messageText: "Ответ \(id)", replyToMessageID: nil,
                                                     markAsRead: false, tenant: key.tenantID, channel: key.channel, chatID: key.chatID,
                                                     outgoingID: id)
                try await database.transaction { sql in
                    _ = try await MessageRepository(sql).storeBotReply(contact: contact, messageID: id, text: payload.messageText,
                                                                       replyTo: nil, now: clock.date)
                    try await bus.publish([QueueItem(partitionKey: key.description, tenantID: key.tenantID, payload: try PayloadCoding.encode(payload))],
                                          to: .outgoing, in: sql, now: clock.date)
                }
            }
            try await publish("bot-1")
            bus.hold(resultWith: "bot-2")
            let running = Task { try await sender.run() }
            defer { running.cancel() }
            // bot-1 is in the channel; bot-2 is claimed meanwhile (bot-1 is leased to this sender, so it does not block it).
            try await Self.until { gatedChannel.isBlocked }
            try await publish("bot-2")
            try await Self.until { bus.isHolding }
            // bot-1 fails and its lane's drain ends before that receive returns.
            firstMayFail.continuation.yield()
            try await Self.until { bus.retries == 1 && sender.runningLanes == 0 }
            bus.letGo()
            // bot-1 waits 5 s of the manual clock before its next try; bot-2 must not go out before it.
            for _ in 0..<80 {
                try await Self.until { clock.sleeperCount >= 1 }
                clock.advance(by: .milliseconds(100))
                if attempts.withLock({ $0.count }) >= 3 { break }
                try await Task.sleep(for: .milliseconds(2))
            }
            try await Self.until { attempts.withLock { $0.count } >= 3 }
            #expect(attempts.withLock { $0 } == ["bot-1", "bot-1", "bot-2"], "bot-2 went out before bot-1: \(attempts.withLock { $0 })")
        }
    }
}

/// A channel that keeps the first send of one reply waiting until the test lets it go.
final class BlockingDelivery: ChannelDelivery {
    let inner: ScriptedDelivery
    let blocked: String
    private let release: AsyncStream<Void>
    private let state = Mutex<(blocking: Bool, done: Bool)>((false, false))

    init(inner: ScriptedDelivery, blockFirstOf id: String, until release: AsyncStream<Void>) {
        self.inner = inner
        self.blocked = id
        self.release = release
    }

    var channel: Channel { inner.channel }
    /// Whether the blocked send is waiting now.
    var isBlocked: Bool { state.withLock { $0.blocking } }

    func deliver(_ message: OutgoingMessagePayload) async throws(DeliveryError) -> DeliveryReceipt {
        let block = state.withLock { state -> Bool in
            guard message.outgoingID == blocked, !state.done else { return false }
            state.done = true
            state.blocking = true
            return true
        }
        if block {
            var iterator = release.makeAsyncIterator()
            _ = await iterator.next()
            state.withLock { $0.blocking = false }
        }
        return try await inner.deliver(message)
    }

    func didRecord(_ message: OutgoingMessagePayload, status: String) { inner.didRecord(message, status: status) }
}
