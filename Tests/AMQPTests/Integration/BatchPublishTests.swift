import AMQP
import Foundation
import NIOCore
import Testing

extension RabbitMQTests {
    /// Publishing several messages with their confirms awaited together, and acknowledging several deliveries in one
    /// write, against a real RabbitMQ.
    @Suite(.timeLimit(.minutes(2)))
    struct BatchPublishTests {
        @Test func aBatchArrivesWholeAndInOrder() async throws {
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            let queue = TestBroker.uniqueName("batch")
            try await channel.queueDeclare(queue, exclusive: true)
            try await channel.confirmSelect()
            try await channel.publish((1...200).map { AMQPOutgoingMessage("message \($0)", routingKey: queue) })
            let declared = try await channel.queueDeclare(queue, passive: true)
            #expect(declared.messageCount == 200)

            let consumerChannel = try await connection.openChannel()
            try await consumerChannel.basicQos(prefetchCount: 500)
            let consumer = try await consumerChannel.consume(queue: queue)
            var received: [AMQPDelivery] = []
            for try await delivery in consumer {
                received.append(delivery)
                if received.count == 200 { break }
            }
            #expect(received.map(\.bodyString) == (1...200).map { "message \($0)" })
            // Every other one acknowledged in one write: exactly those leave the queue.
            let evens = received.enumerated().filter { $0.offset % 2 == 1 }.map(\.element.deliveryTag)
            try await consumerChannel.ack(deliveryTags: evens)
            try await consumerChannel.close()
            let left = try await channel.queueDeclare(queue, passive: true)
            #expect(left.messageCount == 100)
            try await connection.close()
        }

        @Test func aBatchWithARefusedMessageThrowsAfterTheOthersAreConfirmed() async throws {
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            let queue = TestBroker.uniqueName("batch-full")
            try await channel.queueDeclare(queue, exclusive: true, arguments: .queueArguments(maxLength: 2, overflow: .rejectPublish))
            try await channel.confirmSelect()
            let error = await amqpError { () async throws(AMQPError) in
                try await channel.publish(["one", "two", "three"].map { AMQPOutgoingMessage($0, routingKey: queue) })
            }
            #expect(error == .publishNacked)
            let declared = try await channel.queueDeclare(queue, passive: true)
            #expect(declared.messageCount == 2)
            try await connection.close()
        }

        @Test func theClientPublishesABatchOnItsConfirmingChannel() async throws {
            let url = try #require(TestBroker.url)
            let queue = TestBroker.uniqueName("client-batch")
            let client = AMQPClient(configuration: .init(
                connection: try AMQPConnectionConfiguration(url: url),
                topology: AMQPTopology(queues: [.init(name: queue, durable: false)])), logger: TestBroker.logger)
            let running = Task { try await client.run() }
            try await client.waitUntilConnected(timeout: .seconds(10))
            try await client.publish((1...50).map { AMQPOutgoingMessage("\($0)", routingKey: queue) })
            let count = try await client.withChannel { try await $0.queueDelete(queue) }
            #expect(count == 50)
            client.shutdown()
            try await running.value
        }
    }
}
