import AMQP
import Foundation
@testable import SaudaBus
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

extension RabbitMQTests {
    /// The queues of the earlier system drop their oldest message when full (`x-max-length` without `x-overflow`), so
    /// the outbox relay publishes to them only what fits and keeps the rest in the outbox: a reply is never dropped.
    @Suite(.timeLimit(.minutes(2)))
    struct FullQueueRelayTests {
        @Test func aFullReplyQueueKeepsTheRestInTheOutboxInOrderAndTheOtherQueuesGoOn() async throws {
            let run = UUID().uuidString.prefix(8).lowercased()
            var limits: [QueueName: QueueLimits] = [:]
            for queue in QueueName.allCases {
                var queueLimits = QueueLimits.seedDefault(for: queue)
                queueLimits.name = "\(queue.rawValue)_full_\(run)"
                limits[queue] = queueLimits
            }
            limits[.outgoing]?.maxLength = 5
            let topology = RabbitMQTopology(agentID: "full-\(run)", limits: limits)
            let bus = RabbitMQBus(connection: try AMQPConnectionConfiguration(url: try #require(TestBroker.url)), topology: topology,
                                  consuming: [], retryPolicy: RetryPolicy(maxAttempts: 3), logger: testLogger)
            let service = Task { try await bus.run() }
            defer { service.cancel() }

            try await withTestDatabase(.sqlite) { database in
                let relay = OutboxRelay(database: database, bus: bus, batchSize: 200, logger: testLogger)
                let replies = (1...12).map { QueueItem(partitionKey: "webchat/\(Tenant.defaultID)/c1", tenantID: Tenant.defaultID, payload: "reply \($0)") }
                let voice = (1...3).map { QueueItem(partitionKey: "whatsapp/\(Tenant.defaultID)/v\($0)", tenantID: Tenant.defaultID, payload: "voice \($0)") }
                try await database.transaction { sql in
                    try await bus.publish(Array(replies.prefix(6)), to: .outgoing, in: sql, now: Date())
                    try await bus.publish(voice, to: .voice, in: sql, now: Date())
                    try await bus.publish(Array(replies.dropFirst(6)), to: .outgoing, in: sql, now: Date())
                }

                // What fits goes out; the voice notes after the refused replies go out too.
                try await relay.relayOnce()
                #expect(try await bus.depth(.outgoing) == 5)
                #expect(try await bus.depth(.voice) == 3)
                #expect(try await database.read { try await OutboxRepository($0).pendingCount() } == 7)
                // Offered again while the queue is still full: nothing is dropped, nothing moves.
                try await Task.sleep(for: OutboxRelay.fullQueuePause + .milliseconds(50))
                try await relay.relayOnce()
                #expect(try await bus.depth(.outgoing) == 5)

                // The gateway sends replies: the queue makes room, and the rest follows in order.
                let connection = try await TestBroker.connect()
                let channel = try await connection.openChannel()
                var received: [String] = []
                while received.count < replies.count {
                    while let delivery = try await channel.get(queue: topology.name(.outgoing), noAck: true) {
                        received.append(delivery.bodyString)
                    }
                    try await Task.sleep(for: OutboxRelay.fullQueuePause + .milliseconds(50))
                    try await relay.relayOnce()
                    #expect(try await bus.depth(.outgoing) <= 5)
                    if received.count < replies.count, try await database.read({ try await OutboxRepository($0).pendingCount() }) == 0,
                       try await bus.depth(.outgoing) == 0 {
                        break
                    }
                }
                #expect(received == replies.map(\.payload))
                #expect(try await database.read { try await OutboxRepository($0).pendingCount() } == 0)
                for queue in topology.declarations.queues { _ = try await channel.queueDelete(queue.name) }
                for exchange in topology.declarations.exchanges { try await channel.exchangeDelete(exchange.name) }
                try await connection.close()
            }
            service.cancel()
        }
    }
}
