import AMQP
import Foundation
import NIOCore
import Testing

extension RabbitMQTests {
    /// Against a real RabbitMQ (SAUDA_TEST_RABBITMQ_URL, started by scripts/rabbitmq.sh).
    @Suite(.timeLimit(.minutes(2)))
    struct BrokerIntegrationTests {
        @Test func declareWithArgumentsThenConflictingRedeclareIs406AndTheConnectionStaysUsable() async throws {
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            let dlx = TestBroker.uniqueName("dlx")
            let queue = TestBroker.uniqueName("incoming")
            try await channel.exchangeDeclare(dlx, type: "fanout", autoDelete: true)
            let arguments = AMQPTable.queueArguments(messageTTL: .seconds(24 * 3600), maxLength: 10_000, deadLetterExchange: dlx)
            let declared = try await channel.queueDeclare(queue, durable: true, arguments: arguments)
            #expect(declared.name == queue)
            #expect(declared.messageCount == 0)
            // The same declaration again is fine.
            try await channel.queueDeclare(queue, durable: true, arguments: arguments)

            // Another x-max-length: 406 PRECONDITION_FAILED, as a typed error.
            var caught: AMQPError?
            do {
                try await channel.queueDeclare(queue, durable: true, arguments: .queueArguments(messageTTL: .seconds(24 * 3600), maxLength: 5000, deadLetterExchange: dlx))
            } catch {
                caught = error
            }
            #expect(caught?.replyCode == AMQPReplyCode.preconditionFailed)
            #expect(caught?.closeReason?.replyText.contains("PRECONDITION_FAILED") == true)
            guard case .channelClosedByBroker? = caught else {
                Issue.record("expected channelClosedByBroker, got \(String(describing: caught))")
                return
            }
            // That channel is closed; the connection is not.
            let afterError: AMQPError?
            do {
                try await channel.queuePurge(queue)
                afterError = nil
            } catch {
                afterError = error
            }
            #expect(afterError == .channelClosed)
            #expect(connection.isOpen)
            let second = try await connection.openChannel()
            let passive = try await second.queueDeclare(queue, passive: true)
            #expect(passive.name == queue)
            try await second.queueDelete(queue)
            try await second.exchangeDelete(dlx)
            try await connection.close()
        }

        @Test func passiveDeclareOfAMissingQueueIs404() async throws {
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            let error = await amqpError { () async throws(AMQPError) in
                try await channel.queueDeclare(TestBroker.uniqueName("missing"), passive: true)
            }
            #expect(error?.replyCode == AMQPReplyCode.notFound)
            try await connection.close()
        }

        @Test func publishWithConfirmsConsumeWithPrefetchAckAndNackWithRequeue() async throws {
            let connection = try await TestBroker.connect()
            let publisher = try await connection.openChannel()
            let queue = TestBroker.uniqueName("work")
            try await publisher.queueDeclare(queue, exclusive: true)
            try await publisher.confirmSelect()
            for index in 1...5 {
                try await publisher.publish("message \(index)", routingKey: queue, properties: AMQPProperties(messageID: "\(index)"))
            }

            let consumerChannel = try await connection.openChannel()
            try await consumerChannel.basicQos(prefetchCount: 2)
            let consumer = try await consumerChannel.consume(queue: queue)
            var iterator = consumer.makeAsyncIterator()
            let first = try #require(try await iterator.next())
            let second = try #require(try await iterator.next())
            #expect(first.bodyString == "message 1")
            #expect(second.bodyString == "message 2")

            // Prefetch 2: with two unacked deliveries the broker holds the other three back.
            try await Task.sleep(for: .milliseconds(300))
            let ready = try await publisher.queueDeclare(queue, passive: true)
            #expect(ready.messageCount == 3)

            try await first.ack()
            try await second.nack(requeue: true)  // back to the queue, redelivered later
            var seen: [String] = []
            var redelivered: [String] = []
            while seen.count < 4 {
                let delivery = try #require(try await iterator.next())
                seen.append(delivery.bodyString)
                if delivery.redelivered { redelivered.append(delivery.bodyString) }
                try await delivery.ack()
            }
            #expect(Set(seen) == ["message 2", "message 3", "message 4", "message 5"])
            #expect(redelivered == ["message 2"])
            try await consumer.cancel()
            #expect(try await iterator.next() == nil)  // the sequence ends after cancel
            try await connection.close()
        }

        @Test func rejectWithoutRequeueDeadLetters() async throws {
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            let dlx = TestBroker.uniqueName("dlx")
            let dead = TestBroker.uniqueName("dead")
            let queue = TestBroker.uniqueName("main")
            try await channel.exchangeDeclare(dlx, type: "fanout", autoDelete: true)
            try await channel.queueDeclare(dead, exclusive: true)
            try await channel.queueBind(queue: dead, exchange: dlx)
            try await channel.queueDeclare(queue, exclusive: true, arguments: .queueArguments(deadLetterExchange: dlx))
            try await channel.confirmSelect()
            try await channel.publish("poison", routingKey: queue)

            let delivery = try #require(try await channel.get(queue: queue))
            #expect(delivery.bodyString == "poison")
            #expect(delivery.messageCount == 0)
            try await delivery.reject(requeue: false)

            let consumer = try await channel.consume(queue: dead)
            var iterator = consumer.makeAsyncIterator()
            let deadLettered = try #require(try await iterator.next())
            #expect(deadLettered.bodyString == "poison")
            let death = deadLettered.properties.headers?["x-death"]?.arrayValue?.first?.tableValue
            #expect(death?["reason"] == .string("rejected"))
            #expect(death?["queue"] == .string(queue))
            try await deadLettered.ack()
            #expect(try await channel.get(queue: queue) == nil)
            try await connection.close()
        }

        @Test func bodyLargerThanFrameMaxIsSplitAndReassembled() async throws {
            let url = try #require(TestBroker.url)
            var configuration = try AMQPConnectionConfiguration(url: url)
            configuration.frameMax = 4096
            let connection = try await AMQPConnection.connect(configuration: configuration, logger: TestBroker.logger)
            #expect(connection.parameters.frameMax == 4096)
            let channel = try await connection.openChannel()
            let queue = TestBroker.uniqueName("large")
            try await channel.queueDeclare(queue, exclusive: true)
            try await channel.confirmSelect()
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try await channel.publish(bytes, routingKey: queue)
            let delivery = try #require(try await channel.get(queue: queue, noAck: true))
            #expect(delivery.body.readableBytes == bytes.count)
            #expect(Array(delivery.body.readableBytesView) == bytes)
            try await connection.close()
        }

        @Test func headersAndEveryPropertyRoundTrip() async throws {
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            let queue = TestBroker.uniqueName("props")
            try await channel.queueDeclare(queue, exclusive: true)
            try await channel.confirmSelect()
            let headers: AMQPTable = [
                "bool": true, "int8": .int8(-8), "uint8": .uint8(200), "int16": .int16(-1600), "uint16": .uint16(60000),
                "int32": .int32(-320_000), "uint32": .uint32(4_000_000_000), "int64": .int64(-6_400_000_000_000),
                "float": .float(1.5), "double": .double(-2.25), "decimal": .decimal(AMQPDecimal(scale: 2, value: 12345)),
                "string": "Сауда", "bytes": .bytes([0, 1, 255]), "timestamp": .timestamp(1_760_000_000),
                "array": [1, "two", true, ["nested": "table"]], "table": ["deeper": ["x": 1]], "void": .void,
            ]
            let properties = AMQPProperties(
                contentType: "application/json", contentEncoding: "utf-8", headers: headers, deliveryMode: 2, priority: 3,
                correlationID: "corr", replyTo: "reply-queue", expiration: "60000", messageID: "id-1",
                timestamp: 1_760_000_000, type: "order.created", userID: "guest", appID: "sauda"
            )
            try await channel.publish("{}", routingKey: queue, properties: properties)
            let delivery = try #require(try await channel.get(queue: queue, noAck: true))
            #expect(delivery.properties == properties)
            #expect(delivery.routingKey == queue)
            #expect(delivery.exchange == "")
            try await connection.close()
        }

        @Test func unroutableMandatoryMessageComesBack() async throws {
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            try await channel.confirmSelect()
            let key = TestBroker.uniqueName("nowhere")
            try await channel.publish("lost", exchange: "amq.direct", routingKey: key, mandatory: true)
            var returns = channel.returnedMessages.makeAsyncIterator()
            let returned = try #require(await returns.next())
            #expect(returned.replyCode == AMQPReplyCode.noRoute)
            #expect(returned.routingKey == key)
            #expect(String(buffer: returned.body) == "lost")
            try await connection.close()
        }

        @Test func publishToAMissingExchangeFailsWith404() async throws {
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            try await channel.confirmSelect()
            let error = await amqpError { () async throws(AMQPError) in
                try await channel.publish("x", exchange: TestBroker.uniqueName("no-exchange"), routingKey: "k")
            }
            #expect(error?.replyCode == AMQPReplyCode.notFound)
            try await connection.close()
        }

        @Test func publishRefusedByAFullQueueIsNacked() async throws {
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            let queue = TestBroker.uniqueName("full")
            try await channel.queueDeclare(queue, exclusive: true, arguments: .queueArguments(maxLength: 1, overflow: .rejectPublish))
            try await channel.confirmSelect()
            try await channel.publish("fits", routingKey: queue)
            let error = await amqpError { () async throws(AMQPError) in
                try await channel.publish("refused", routingKey: queue)
            }
            #expect(error == .publishNacked)
            try await connection.close()
        }

        @Test func wrongPasswordIsATypedError() async throws {
            let url = try #require(TestBroker.url)
            var configuration = try AMQPConnectionConfiguration(url: url)
            configuration.password = "wrong"
            let error = await amqpError { () async throws(AMQPError) in
                _ = try await AMQPConnection.connect(configuration: configuration, logger: TestBroker.logger)
            }
            #expect(error?.replyCode == AMQPReplyCode.accessRefused)
        }

        @Test func unknownVirtualHostIsATypedError() async throws {
            let url = try #require(TestBroker.url)
            var configuration = try AMQPConnectionConfiguration(url: url)
            configuration.virtualHost = "no-such-vhost"
            let error = await amqpError { () async throws(AMQPError) in
                _ = try await AMQPConnection.connect(configuration: configuration, logger: TestBroker.logger)
            }
            #expect(error?.replyCode == AMQPReplyCode.notAllowed)
        }

        @Test func heartbeatsKeepAnIdleConnectionAlive() async throws {
            // With a 2 s heartbeat RabbitMQ closes a client that stays silent for about 4 s; idle for more than twice
            // that, the connection lives only if the client's heartbeats went out (a loaded machine may delay one by a second).
            let url = try #require(TestBroker.url)
            var configuration = try AMQPConnectionConfiguration(url: url)
            configuration.heartbeat = 2
            let connection = try await AMQPConnection.connect(configuration: configuration, logger: TestBroker.logger)
            #expect(connection.parameters.heartbeat == 2)
            try await Task.sleep(for: .seconds(9))
            #expect(connection.isOpen)
            let channel = try await connection.openChannel()
            try await channel.queueDeclare(TestBroker.uniqueName("after-idle"), exclusive: true)
            try await connection.close()
        }

        @Test func consistentHashExchangePluginIsEnabled() async throws {
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            let exchange = TestBroker.uniqueName("hash")
            try await channel.exchangeDeclare(exchange, type: "x-consistent-hash", autoDelete: true)
            try await channel.exchangeDelete(exchange)
            try await connection.close()
        }
    }
}
