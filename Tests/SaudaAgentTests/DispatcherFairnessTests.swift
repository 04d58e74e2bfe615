import Foundation
@testable import SaudaAgent
import SaudaBus
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// Businesses share the dispatcher: one business's flood delays only itself, and a business alone uses all of it.
@Suite struct DispatcherFairnessTests {
    /// Publishes `items` into `incoming_messages`, then runs a dispatcher of `concurrency` slots until every item's turn
    /// is done, moving the manual clock once the dispatcher and every running turn wait on it.
    static func run(_ items: [QueueItem], concurrency: Int, kind: DatabaseKind) async throws -> DispatcherTurnLog {
        try await withTestDatabase(kind) { database in
            let clock = ManualClock(start: Date())
            let bus = SQLMessageBus(database: database, limits: [:], retryPolicy: RetryPolicy(), clock: { clock.date },
                                    intervalClock: clock, logger: testLogger)
            try await database.transaction { sql in try await bus.publish(items, to: .incoming, in: sql, now: clock.date) }
            let log = DispatcherTurnLog(clock: clock)
            let dispatcher = ConversationDispatcher(bus: bus, concurrency: concurrency, intervalClock: clock,
                                                    logger: testLogger) { deliveries in
                try await log.turn(deliveries)
                try await database.transaction { sql in try await bus.acknowledge(deliveries, in: sql) }
                await bus.settle(deliveries)
            }
            let running = Task { try await dispatcher.run() }
            defer { running.cancel() }
            var steps = 0
            while log.done < items.count, steps < 1_000 {
                while clock.sleeperCount < dispatcher.runningConversations + 1 {
                    try await Task.sleep(for: .milliseconds(1))
                }
                clock.advance(by: .milliseconds(40))
                steps += 1
            }
            return log
        }
    }

    @Test(.timeLimit(.minutes(2)), arguments: DatabaseKind.available)
    func aFloodOfOneBusinessDoesNotHoldUpAnother(kind: DatabaseKind) async throws {
        // 200 messages of business A in 50 conversations, then 5 of business B, all queued before the dispatcher starts.
        var items = (0..<200).map { index in
            QueueItem(partitionKey: "webchat/tenant-a/c\(index % 50)", tenantID: "tenant-a", payload: "a\(index)")
        }
        items += (0..<5).map { QueueItem(partitionKey: "webchat/tenant-b/c\($0)", tenantID: "tenant-b", payload: "b\($0)") }
        let turns = try await Self.run(items, concurrency: 4, kind: kind)

        #expect(turns.done == items.count)
        let started = turns.started
        let startsOfB = started.filter { $0.payload.hasPrefix("b") }.map(\.at)
        let lastOfA = try #require(started.filter { $0.payload.hasPrefix("a") }.map(\.at).max())
        #expect(startsOfB.count == 5)
        // Turns take 80 ms: B's all start within the first rounds, long before A's backlog (seconds of turns) is done.
        // (A's later messages of a conversation fold into one turn, so A's backlog takes about 12 rounds, not 50.)
        #expect((startsOfB.max() ?? .infinity) <= 0.25, "B's turns started at \(startsOfB)")
        #expect(lastOfA >= 0.6, "A's flood should take many rounds (last start at \(lastOfA))")
        // A's order within each conversation is kept.
        for (conversation, order) in turns.startOrder(prefix: "a", conversations: 50).enumerated() {
            #expect(order == order.sorted(), "conversation c\(conversation) out of order: \(order)")
        }
    }

    @Test(.timeLimit(.minutes(2)), arguments: DatabaseKind.available)
    func aBusinessAloneUsesTheWholeDispatcher(kind: DatabaseKind) async throws {
        let items = (0..<40).map { QueueItem(partitionKey: "webchat/tenant-a/c\($0)", tenantID: "tenant-a", payload: "a\($0)") }
        let turns = try await Self.run(items, concurrency: 4, kind: kind)

        #expect(turns.done == items.count)
        #expect(turns.peak >= 4, "a business alone should get every running slot (peak \(turns.peak))")
        // As without fairness, a business alone gets the whole backlog (four per slot) at once.
        #expect(turns.peak == 16, "a business alone should get the whole backlog (peak \(turns.peak))")
    }

    /// A flood fills every slot and the whole backlog with long turns (2 s each); a message of another business that
    /// arrives then starts at once, not when the flood's turns have finished.
    @Test(.timeLimit(.minutes(2)), arguments: DatabaseKind.available)
    func aBusinessArrivingWhileAFloodFillsTheDispatcherStartsAtOnce(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = ManualClock(start: Date())
            let bus = SQLMessageBus(database: database, limits: [:], retryPolicy: RetryPolicy(), clock: { clock.date },
                                    intervalClock: clock, logger: testLogger)
            let flood = (0..<100).map { QueueItem(partitionKey: "webchat/tenant-a/c\($0)", tenantID: "tenant-a", payload: "a\($0)") }
            try await database.transaction { sql in try await bus.publish(flood, to: .incoming, in: sql, now: clock.date) }
            let log = DispatcherTurnLog(clock: clock, length: .seconds(2))
            let dispatcher = ConversationDispatcher(bus: bus, concurrency: 4, intervalClock: clock, logger: testLogger) { deliveries in
                try await log.turn(deliveries)
                try await database.transaction { sql in try await bus.acknowledge(deliveries, in: sql) }
                await bus.settle(deliveries)
            }
            let running = Task { try await dispatcher.run() }
            defer { running.cancel() }
            // The flood's first claim takes the whole backlog: 16 turns of 2 s, four times the slots.
            while log.started.count < 16 { try await Task.sleep(for: .milliseconds(1)) }
            clock.advance(by: .milliseconds(200))
            let arrival = clock.date.timeIntervalSince(clock.start)
            let quiet = (0..<2).map { QueueItem(partitionKey: "webchat/tenant-b/c\($0)", tenantID: "tenant-b", payload: "b\($0)") }
            try await database.transaction { sql in try await bus.publish(quiet, to: .incoming, in: sql, now: clock.date) }
            var steps = 0
            while log.started.filter({ $0.payload.hasPrefix("b") }).count < 2, steps < 200 {
                while clock.sleeperCount < dispatcher.runningConversations + 1 { try await Task.sleep(for: .milliseconds(1)) }
                clock.advance(by: .milliseconds(40))
                steps += 1
            }
            let startsOfB = log.started.filter { $0.payload.hasPrefix("b") }.map { $0.at - arrival }
            #expect(startsOfB.count == 2)
            #expect((startsOfB.max() ?? .infinity) < 0.5, "B's turns started \(startsOfB) s after B wrote; the flood's turns take 2 s")
        }
    }

    @Test func sharesLeaveOutWhoHoldsHalf() {
        let shares = TenantShares(concurrency: 4, backlog: 16)
        #expect(shares.messages == 8 && shares.conversations == 2)
        let held: [String: TenantShares.Held] = [
            "a": .init(messages: 8, conversations: 1), "b": .init(messages: 2, conversations: 2),
            "c": .init(messages: 3, conversations: 1),
        ]
        #expect(shares.excluded(held) == ["a", "b"])
        #expect(shares.limit(room: 16, held: held) == 5)
        #expect(shares.limit(room: 3, held: held) == 3)
        #expect(shares.limit(room: 16, held: [:]) == 8)
        let alone = TenantShares(concurrency: 1, backlog: 4)
        #expect(alone.messages == 2 && alone.conversations == 1)
    }
}
