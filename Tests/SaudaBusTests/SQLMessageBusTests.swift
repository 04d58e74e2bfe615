import Foundation
import SaudaBus
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

@Suite struct SQLMessageBusTests {
    @Test(arguments: DatabaseKind.available)
    func relayMovesOutboxRowsToTheQueueAndWakesConsumers(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let bus = SQLMessageBus(database: database, limits: [:], retryPolicy: RetryPolicy(), logger: testLogger)
            let relay = OutboxRelay(database: database, bus: bus, logger: testLogger)
            try await database.transaction { sql in
                try await OutboxRepository(sql).add(tenantID: Tenant.defaultID, queue: QueueName.outgoing.rawValue, partitionKey: "k",
                                                    payload: "{}", now: Date())
            }
            let waiter = Task { await bus.waitForWork(.outgoing, timeout: .seconds(30)) }
            try await relay.relayOnce()
            let started = ContinuousClock.now
            await waiter.value
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(try await bus.depth(.outgoing) == 1)
            let deliveries = try await bus.receive(from: .outgoing, limit: 10, consumer: "c")
            #expect(deliveries.count == 1)
            try await database.transaction { sql in try await bus.acknowledge(deliveries, in: sql) }
            #expect(try await bus.depth(.outgoing) == 0)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func retriesThenDeadLetters(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = ManualClock(start: Date())
            let policy = RetryPolicy(maxAttempts: 2, leaseDuration: 30, initialBackoff: 0.01, maxBackoff: 0.01)
            let bus = SQLMessageBus(database: database, limits: [:], retryPolicy: policy, clock: { clock.date }, logger: testLogger)
            try await database.transaction { sql in
                try await bus.publish([QueueItem(partitionKey: "a", tenantID: nil, payload: "x")], to: .voice, in: sql, now: clock.date)
            }
            var dead = false
            for _ in 0..<5 where !dead {
                clock.advance(by: .milliseconds(30))
                for delivery in try await bus.receive(from: .voice, limit: 1, consumer: "c") {
                    dead = try await bus.retry(delivery, error: "transcriber down")
                }
            }
            #expect(dead)
            #expect(try await bus.deadLetters(.voice) == 1)
            #expect(try await bus.depth(.voice) == 0)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func postponedMessagesWaitWithoutUsingAnAttemptAndHoldTheirPartition(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = ManualClock(start: Date())
            let policy = RetryPolicy(maxAttempts: 1, leaseDuration: 30, initialBackoff: 0.01, maxBackoff: 0.01)
            let bus = SQLMessageBus(database: database, limits: [:], retryPolicy: policy, clock: { clock.date }, logger: testLogger)
            try await database.transaction { sql in
                try await bus.publish([QueueItem(partitionKey: "chat", tenantID: nil, payload: "first"),
                                       QueueItem(partitionKey: "chat", tenantID: nil, payload: "second")], to: .outgoing, in: sql,
                                      now: clock.date)
            }
            let first = try await bus.receive(from: .outgoing, limit: 1, consumer: "sender")
            #expect(first.map(\.message.payload) == ["first"])
            try await bus.postpone(try #require(first.first), consumer: "sender", by: .seconds(3))
            // Neither the postponed message nor the one after it in its partition is delivered meanwhile.
            #expect(try await bus.receive(from: .outgoing, limit: 10, consumer: "sender").isEmpty)
            clock.advance(by: .milliseconds(2_900))
            #expect(try await bus.receive(from: .outgoing, limit: 10, consumer: "sender").isEmpty, "delivered before it was due")
            clock.advance(by: .milliseconds(200))
            let again = try await bus.receive(from: .outgoing, limit: 10, consumer: "sender")
            #expect(again.map(\.message.payload) == ["first", "second"])
            // With one attempt allowed, a postponement did not use it up: a failure now dead-letters only on this attempt.
            #expect(again.first?.message.attempts == 1)
        }
    }

    /// Publishing wakes the queue's consumers once the transaction commits: the gateways, the transcriber and the relay
    /// no longer notify by hand.
    @Test(arguments: DatabaseKind.available)
    func publishingWakesTheQueuesConsumersOnceCommitted(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let bus = SQLMessageBus(database: database, limits: [:], retryPolicy: RetryPolicy(), logger: testLogger)
            let waiter = Task { () -> Duration in
                let started = ContinuousClock.now
                await bus.waitForWork(.incoming, timeout: .seconds(60))
                return ContinuousClock.now - started
            }
            try await database.transaction { sql in
                try await bus.publish([QueueItem(partitionKey: "chat", tenantID: nil, payload: "x")], to: .incoming, in: sql, now: Date())
            }
            #expect(await waiter.value < .seconds(30), "the consumer slept through its poll")
        }
    }

    /// An outbox row wakes the relay's signal when its transaction commits, and not when it rolls back.
    @Test(.timeLimit(.minutes(3)), arguments: DatabaseKind.available)
    func anOutboxRowWakesTheRelayOnlyWhenItCommits(kind: DatabaseKind) async throws {
        struct RolledBack: Error {}
        try await withTestDatabase(kind) { database in
            let clock = ManualClock()
            let signal = WakeSignal(clock: clock)
            @Sendable func add(_ sql: any SQLConnection) async throws {
                try await OutboxRepository(sql).add(tenantID: Tenant.defaultID, queue: QueueName.outgoing.rawValue, partitionKey: "k",
                                                    payload: "{}", now: Date(), wake: signal)
            }
            await #expect(throws: RolledBack.self) {
                try await database.transaction { sql in
                    try await add(sql)
                    throw RolledBack()
                }
            }
            let afterRollback = Task { await signal.wait(timeout: .seconds(1)) }
            await clock.waitForSleepers()
            clock.advance(by: .seconds(1))
            #expect(await afterRollback.value == false, "a rolled-back row woke the relay")
            try await database.transaction { sql in try await add(sql) }
            #expect(await signal.wait(timeout: .seconds(1)), "a committed row did not wake the relay")
        }
    }
}
