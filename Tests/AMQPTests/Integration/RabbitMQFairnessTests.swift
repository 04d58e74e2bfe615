import AMQP
import Foundation
import SaudaAgent
@testable import SaudaBus
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

extension RabbitMQTests {
    /// Businesses share an agent fairly on RabbitMQ too: `RabbitMQBus` holds back the deliveries of a business that
    /// holds its share, and hands them out later, none lost or twice, each conversation in order.
    @Suite(.timeLimit(.minutes(2)))
    struct RabbitMQFairnessTests {
        /// A bus of queues of this test only (the broker is shared), consuming customer messages.
        final class Broker: Sendable {
            let run: String
            let limits: [QueueName: QueueLimits]
            let clock: ManualClock?

            init(clock: ManualClock? = nil) {
                run = UUID().uuidString.prefix(8).lowercased()
                var limits: [QueueName: QueueLimits] = [:]
                for queue in QueueName.allCases {
                    var queueLimits = QueueLimits.seedDefault(for: queue)
                    queueLimits.name = "\(queue.rawValue)_fair_\(run)"
                    limits[queue] = queueLimits
                }
                self.limits = limits
                self.clock = clock
            }

            var topology: RabbitMQTopology { RabbitMQTopology(agentID: "fair-\(run)", limits: limits) }

            /// A new bus on these queues, its connection named after the run (so a test can kill it on the broker).
            func bus(incomingPrefetch: UInt16 = 1024) throws -> RabbitMQBus {
                var connection = try AMQPConnectionConfiguration(url: try #require(TestBroker.url))
                connection.connectionName = "sauda-test.fair.\(run)"
                let policy = RetryPolicy(maxAttempts: 5, leaseDuration: 30, initialBackoff: 0.3, maxBackoff: 0.3)
                if let clock {
                    return RabbitMQBus(connection: connection, topology: topology, consuming: [.incoming], retryPolicy: policy,
                                       incomingPrefetch: incomingPrefetch, intervalClock: clock, logger: testLogger)
                }
                return RabbitMQBus(connection: connection, topology: topology, consuming: [.incoming], retryPolicy: policy,
                                   incomingPrefetch: incomingPrefetch, logger: testLogger)
            }

            /// Publishes `items` as the outbox relay does (hash exchange, Sauda's headers, confirms).
            func publish(_ items: [QueueItem], through bus: RabbitMQBus) async throws {
                try await withTestDatabase(.sqlite) { database in
                    try await database.transaction { sql in try await bus.relay(items, to: .incoming, in: sql, now: Date()) }
                }
            }

            /// Deletes the run's queues and exchanges.
            func cleanUp() async throws {
                let connection = try await TestBroker.connect()
                let channel = try await connection.openChannel()
                let declarations = topology.declarations
                for queue in declarations.queues { _ = try await channel.queueDelete(queue.name) }
                for exchange in declarations.exchanges { try await channel.exchangeDelete(exchange.name) }
                try await connection.close()
            }
        }

        /// Waits (real time: the broker pushes on its own) until `bus` holds `count` deliveries not handed out.
        static func waitUntil(_ bus: RabbitMQBus, holds count: Int) async throws {
            let deadline = ContinuousClock.now.advanced(by: .seconds(20))
            while bus.waitingCount(.incoming) < count {
                guard ContinuousClock.now < deadline else {
                    Issue.record("the bus holds \(bus.waitingCount(.incoming)) deliveries, not \(count)")
                    return
                }
                try await Task.sleep(for: .milliseconds(10))
            }
        }

        /// Items of `tenant` in `conversations` conversations, numbered in the order of publishing.
        static func items(_ tenant: String, count: Int, conversations: Int) -> [QueueItem] {
            (0..<count).map { index in
                QueueItem(partitionKey: "webchat/\(tenant)/c\(index % conversations)", tenantID: tenant, payload: "\(tenant)-\(index)")
            }
        }

        @Test func aFloodOfOneBusinessDoesNotHoldUpAnother() async throws {
            // As the table-queue test (DispatcherFairnessTests): 200 messages of business A in 50 conversations, then 5
            // of business B, all pushed to the agent before its dispatcher starts.
            let clock = ManualClock(start: Date())
            let broker = Broker(clock: clock)
            let bus = try broker.bus()
            let service = Task { try await bus.run() }
            defer { service.cancel() }
            var items = (0..<200).map { index in
                QueueItem(partitionKey: "webchat/tenant-a/c\(index % 50)", tenantID: "tenant-a", payload: "a\(index)")
            }
            items += (0..<5).map { QueueItem(partitionKey: "webchat/tenant-b/c\($0)", tenantID: "tenant-b", payload: "b\($0)") }
            try await broker.publish(items, through: bus)
            try await Self.waitUntil(bus, holds: items.count)

            let turns = DispatcherTurnLog(clock: clock)
            let dispatcher = ConversationDispatcher(bus: bus, concurrency: 4, intervalClock: clock, logger: testLogger) { deliveries in
                try await turns.turn(deliveries)
                await bus.settle(deliveries)
            }
            let running = Task { try await dispatcher.run() }
            var steps = 0
            while turns.done < items.count, steps < 1_000 {
                while clock.sleeperCount < dispatcher.runningConversations + 1 {
                    try await Task.sleep(for: .milliseconds(1))
                }
                clock.advance(by: .milliseconds(40))
                steps += 1
            }
            running.cancel()
            _ = try? await running.value

            #expect(turns.done == items.count)
            let started = turns.started
            // Each message handed to a turn exactly once.
            #expect(started.map(\.payload).sorted() == items.map(\.payload).sorted())
            let startsOfB = started.filter { $0.payload.hasPrefix("b") }.map(\.at)
            let lastOfA = try #require(started.filter { $0.payload.hasPrefix("a") }.map(\.at).max())
            #expect(startsOfB.count == 5)
            // B's turns start within the first rounds, long before A's flood is done.
            #expect((startsOfB.max() ?? .infinity) <= 0.25, "B's turns started at \(startsOfB)")
            #expect(lastOfA >= 0.6, "A's flood should take many rounds (last start at \(lastOfA))")
            for (conversation, order) in turns.startOrder(prefix: "a", conversations: 50).enumerated() {
                #expect(order == order.sorted(), "conversation c\(conversation) out of order: \(order)")
            }
            // Everything was acknowledged: nothing is left on the broker or with the bus.
            #expect(try await bus.depth(.incoming) == 0)
            #expect(bus.waitingCount(.incoming) == 0)
            service.cancel()
            try await broker.cleanUp()
        }

        @Test func heldBackDeliveriesAreNeitherLostNorDuplicatedAcrossACrash() async throws {
            let broker = Broker()
            let first = try broker.bus()
            let firstService = Task { try await first.run() }
            let itemsA = Self.items("tenant-a", count: 30, conversations: 3)
            let itemsB = Self.items("tenant-b", count: 6, conversations: 2)
            try await broker.publish(itemsA + itemsB, through: first)
            try await Self.waitUntil(first, holds: 36)

            // A is left out: B's messages come, behind A's in the queue, and A's stay held.
            let ofB = try await first.receive(from: .incoming, limit: 100, consumer: "test", excludingTenants: ["tenant-a"])
            #expect(ofB.map(\.message.payload) == itemsB.map(\.payload))
            await first.settle(ofB)
            #expect(try await first.receive(from: .incoming, limit: 100, consumer: "test", excludingTenants: ["tenant-a"]).isEmpty)
            #expect(first.waitingCount(.incoming) == 30)
            // No longer left out: A's first ten, in the broker's order.
            let firstOfA = try await first.receive(from: .incoming, limit: 10, consumer: "test")
            #expect(firstOfA.map(\.message.payload) == itemsA.prefix(10).map(\.payload))
            await first.settle(firstOfA)

            // The process ends with twenty of A's held back, unacknowledged: the broker requeues them.
            firstService.cancel()
            _ = try? await firstService.value
            let second = try broker.bus()
            let secondService = Task { try await second.run() }
            defer { secondService.cancel() }
            try await Self.waitUntil(second, holds: 20)
            let rest = try await second.receive(from: .incoming, limit: 100, consumer: "test")
            #expect(rest.map(\.message.payload) == itemsA.dropFirst(10).map(\.payload))
            #expect(rest.allSatisfy { $0.message.attempts == 2 }, "a redelivery counts as an attempt")
            await second.settle(rest)

            let handedOut = (ofB + firstOfA + rest).map(\.message.payload)
            #expect(handedOut.count == Set(handedOut).count, "a message was handed out twice")
            #expect(Set(handedOut) == Set((itemsA + itemsB).map(\.payload)))
            try await Task.sleep(for: .milliseconds(300))
            #expect(second.waitingCount(.incoming) == 0)
            #expect(try await second.depth(.incoming) == 0)
            secondService.cancel()
            try await broker.cleanUp()
        }

        @Test func heldBackDeliveriesOfALostConnectionAreHandedOutOnce() async throws {
            let broker = Broker()
            let bus = try broker.bus()
            let service = Task { try await bus.run() }
            defer { service.cancel() }
            let itemsA = Self.items("tenant-a", count: 6, conversations: 2)
            try await broker.publish(itemsA, through: bus)
            try await Self.waitUntil(bus, holds: 6)
            #expect(try await bus.receive(from: .incoming, limit: 100, consumer: "test", excludingTenants: ["tenant-a"]).isEmpty)

            // The broker drops the connection: it requeues the six and pushes them again on the client's next
            // connection, while the bus still holds the copies of the old one.
            let killed = try await ProcessRunner.closeConnections(named: "sauda-test.fair.\(broker.run)")
            #expect(killed == 1)
            try await Self.waitUntil(bus, holds: 12)
            let again = try await bus.receive(from: .incoming, limit: 100, consumer: "test")
            #expect(again.map(\.message.payload) == itemsA.map(\.payload))
            #expect(bus.waitingCount(.incoming) == 0)
            await bus.settle(again)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await bus.depth(.incoming) == 0)
            #expect(bus.waitingCount(.incoming) == 0)
            service.cancel()
            try await broker.cleanUp()
        }

        @Test func aWindowFullOfALeftOutBusinessDoesNotStall() async throws {
            // A window of four: the broker pushes four of A's and holds the rest (B's behind them) until some are acked.
            let broker = Broker()
            let bus = try broker.bus(incomingPrefetch: 4)
            let service = Task { try await bus.run() }
            defer { service.cancel() }
            let itemsA = Self.items("tenant-a", count: 8, conversations: 2)
            let itemsB = Self.items("tenant-b", count: 2, conversations: 1)
            try await broker.publish(itemsA + itemsB, through: bus)
            try await Self.waitUntil(bus, holds: 4)
            #expect(try await bus.receive(from: .incoming, limit: 10, consumer: "test", excludingTenants: ["tenant-a"]).isEmpty)

            // Claiming as the dispatcher does: with A left out first, then anybody once that comes back short.
            var handedOut: [String] = []
            let deadline = ContinuousClock.now.advanced(by: .seconds(20))
            while handedOut.count < 10, ContinuousClock.now < deadline {
                var batch = try await bus.receive(from: .incoming, limit: 10, consumer: "test", excludingTenants: ["tenant-a"])
                if batch.isEmpty { batch = try await bus.receive(from: .incoming, limit: 10, consumer: "test") }
                handedOut += batch.map(\.message.payload)
                await bus.settle(batch)
                if batch.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(handedOut.sorted() == (itemsA + itemsB).map(\.payload).sorted())
            for conversation in 0..<2 {
                let order = handedOut.filter { $0.hasPrefix("tenant-a") }.compactMap { Int($0.split(separator: "-").last ?? "") }
                    .filter { $0 % 2 == conversation }
                #expect(order == order.sorted(), "conversation c\(conversation) out of order: \(order)")
            }
            #expect(try await bus.depth(.incoming) == 0)
            service.cancel()
            try await broker.cleanUp()
        }
    }
}
