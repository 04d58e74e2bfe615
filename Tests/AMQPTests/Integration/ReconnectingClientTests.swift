import AMQP
import Foundation
import NIOCore
import ServiceLifecycle
import Testing

extension RabbitMQTests {
    /// The reconnecting ``AMQPClient`` against a real RabbitMQ whose connection is killed with
    /// `rabbitmqctl close_connection` (through scripts/rabbitmq.sh ctl), found by its connection name.
    @Suite(.timeLimit(.minutes(3)))
    struct ReconnectingClientTests {
        static func makeClient(queue: String, publishWaitTimeout: Duration = .seconds(30)) throws -> AMQPClient {
            let url = try #require(TestBroker.url)
            var connection = try AMQPConnectionConfiguration(url: url)
            connection.connectionName = queue
            let topology = AMQPTopology(
                exchanges: [.init(name: "\(queue).exchange", type: "direct", durable: false, autoDelete: false)],
                queues: [.init(name: queue, durable: false, autoDelete: false, arguments: .queueArguments(messageTTL: .seconds(3600), maxLength: 5000))],
                bindings: [.init(queue: queue, exchange: "\(queue).exchange", routingKey: "out")]
            )
            return AMQPClient(
                configuration: .init(
                    connection: connection, topology: topology,
                    backoff: AMQPBackoff(initial: .milliseconds(100), maximum: .seconds(2)),
                    publishWaitTimeout: publishWaitTimeout
                ),
                logger: TestBroker.logger
            )
        }

        static func cleanUp(queue: String) async throws {
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            try await channel.queueDelete(queue)
            try await channel.exchangeDelete("\(queue).exchange")
            try await connection.close()
        }

        @Test func survivesKilledConnectionsAndResumesItsConsumer() async throws {
            let queue = TestBroker.uniqueName("outgoing")
            let client = try Self.makeClient(queue: queue)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                try await client.waitUntilConnected(timeout: .seconds(10))
                let consumer = client.consume(queue: queue, prefetch: 5)
                var iterator = consumer.makeAsyncIterator()

                try await client.publish("before", exchange: "\(queue).exchange", routingKey: "out")
                let first = try #require(try await iterator.next())
                #expect(first.bodyString == "before")
                try await first.ack()

                // Kill the client's connection on the broker; the client must notice, reconnect,
                // re-declare its topology and resume the consumer.
                let killed = try await ProcessRunner.closeConnections(named: queue)
                #expect(killed == 1)
                // Published while (probably) disconnected: waits for the new connection and its confirm.
                try await client.publish("after", exchange: "\(queue).exchange", routingKey: "out")
                let second = try #require(try await iterator.next())
                #expect(second.bodyString == "after")
                try await second.ack()
                #expect(client.connectionCount >= 2)

                client.shutdown()
                #expect(try await iterator.next() == nil)  // the consumer ends with the client
                try await group.waitForAll()
            }
            try await Self.cleanUp(queue: queue)
        }

        @Test func waitsOutABrokerRestartAndResumes() async throws {
            let queue = TestBroker.uniqueName("restart")
            let client = try Self.makeClient(queue: queue)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                try await client.waitUntilConnected(timeout: .seconds(10))
                let consumer = client.consume(queue: queue, prefetch: 5)
                var iterator = consumer.makeAsyncIterator()

                // Stop the broker's application: connections close and new ones are refused.
                let stopped = try await ProcessRunner.rabbitmqctl(["stop_app"])
                #expect(stopped.status == 0, "\(stopped.output)")
                // A publish made now waits for the broker to come back.
                let publisher = Task {
                    try await client.publish("during the restart", exchange: "\(queue).exchange", routingKey: "out")
                }
                let deadline = ContinuousClock.now + .seconds(15)
                while client.isConnected, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
                #expect(!client.isConnected)
                let started = try await ProcessRunner.rabbitmqctl(["start_app"])
                #expect(started.status == 0, "\(started.output)")
                try await publisher.value
                let delivery = try #require(try await iterator.next())
                #expect(delivery.bodyString == "during the restart")
                try await delivery.ack()
                #expect(client.connectionCount >= 2)
                client.shutdown()
                try await group.waitForAll()
            }
            try await Self.cleanUp(queue: queue)
        }

        @Test func runsInAServiceGroupAndStopsOnGracefulShutdown() async throws {
            let queue = TestBroker.uniqueName("service")
            let client = try Self.makeClient(queue: queue)
            let group = ServiceGroup(services: [client], logger: TestBroker.logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await client.waitUntilConnected(timeout: .seconds(10))
                try await client.publish("in a group", routingKey: queue)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            #expect(!client.isConnected)
            // After shutdown a publish fails at once instead of waiting.
            let error = await amqpError { () async throws(AMQPError) in
                try await client.publish("too late", routingKey: queue)
            }
            #expect(error == .connectionClosed)
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            let delivery = try #require(try await channel.get(queue: queue, noAck: true))
            #expect(delivery.bodyString == "in a group")
            try await connection.close()
            try await Self.cleanUp(queue: queue)
        }

        @Test func publishWhileTheBrokerIsUnreachableTimesOut() async throws {
            var configuration = AMQPConnectionConfiguration(host: "127.0.0.1", port: 1)  // nothing listens there
            configuration.connectTimeout = .seconds(1)
            let client = AMQPClient(
                configuration: .init(connection: configuration, backoff: AMQPBackoff(initial: .milliseconds(50), maximum: .milliseconds(200)), publishWaitTimeout: .milliseconds(500)),
                logger: TestBroker.logger
            )
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                let start = ContinuousClock.now
                let error = await amqpError { () async throws(AMQPError) in
                    try await client.publish("nowhere", routingKey: "q")
                }
                let waited = ContinuousClock.now - start
                guard case .timeout? = error else {
                    Issue.record("expected a timeout, got \(String(describing: error))")
                    client.shutdown()
                    return
                }
                #expect(waited >= .milliseconds(450))
                #expect(waited < .seconds(5))
                client.shutdown()
                try await group.waitForAll()
            }
        }
    }
}
