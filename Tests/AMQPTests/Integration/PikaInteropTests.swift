import AMQP
import Foundation
import NIOCore
import Testing

extension RabbitMQTests {
    /// Interoperability with Python's pika (SAUDA_TEST_PYTHON: a python with pika installed).
    @Suite(.enabled(if: TestBroker.python != nil, "SAUDA_TEST_PYTHON is not set"), .timeLimit(.minutes(2)))
    struct PikaInteropTests {
        static func fixture(_ name: String) -> String {
            ProcessRunner.packageRoot.appendingPathComponent("Tests/AMQPTests/Fixtures/\(name)").path
        }

        @Test func swiftConsumesWhatPikaPublished() async throws {
            let python = try #require(TestBroker.python)
            let url = try #require(TestBroker.url)
            let queue = TestBroker.uniqueName("from-pika")
            let published = try await ProcessRunner.run(python, [Self.fixture("pika_publish.py"), url, queue])
            #expect(published.status == 0, "\(published.output)")

            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            let consumer = try await channel.consume(queue: queue)
            var iterator = consumer.makeAsyncIterator()
            let delivery = try #require(try await iterator.next())
            #expect(delivery.bodyString == #"{"text":"from pika"}"#)
            let p = delivery.properties
            #expect(p.contentType == "application/json")
            #expect(p.contentEncoding == "utf-8")
            #expect(p.messageID == "pika-msg-1")
            #expect(p.correlationID == "corr-42")
            #expect(p.replyTo == "replies")
            #expect(p.timestamp == 1_700_000_000)
            #expect(p.deliveryMode == 2)
            #expect(p.priority == 5)
            #expect(p.type == "sauda.test")
            #expect(p.appID == "pika")
            let headers = try #require(p.headers)
            #expect(headers["int"]?.intValue == 42)
            #expect(headers["big"] == .int64(1 << 40))
            #expect(headers["str"] == .string("hello Сауда"))
            #expect(headers["bool"] == .bool(true))
            let nested = try #require(headers["nested"]?.tableValue)
            #expect(nested["a"]?.intValue == 1)
            #expect(nested["b"] == .string("x"))
            #expect(nested["deeper"]?.tableValue?["ok"] == .bool(false))
            let list = try #require(headers["list"]?.arrayValue)
            #expect(list.count == 3)
            #expect(list.first?.intValue == 1)
            #expect(list.dropFirst().first == .string("two"))
            #expect(list.last == .bool(true))
            #expect(headers["bytes"] == .bytes([0, 1, 255]))
            try await delivery.ack()
            try await channel.queueDelete(queue)
            try await connection.close()
        }

        @Test func pikaConsumesWhatSwiftPublished() async throws {
            let python = try #require(TestBroker.python)
            let url = try #require(TestBroker.url)
            let queue = TestBroker.uniqueName("to-pika")
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            try await channel.queueDeclare(queue)
            try await channel.confirmSelect()
            let properties = AMQPProperties(
                contentType: "application/json", contentEncoding: "utf-8",
                headers: [
                    "int": 42, "int32": .int32(-7), "str": "hello Сауда", "bool": true,
                    "nested": ["a": 1, "b": "x", "deeper": ["ok": false]], "list": [1, "two", true],
                    "int16": .int16(-3), "decimal": .decimal(AMQPDecimal(scale: 2, value: 12345)), "bytes": .bytes([0, 1, 255]),
                ],
                deliveryMode: AMQPProperties.persistent, priority: 4, correlationID: "corr-43", replyTo: "replies",
                expiration: "600000", messageID: "swift-msg-1", timestamp: 1_700_000_001, type: "sauda.test", appID: "sauda"
            )
            try await channel.publish(#"{"text":"from swift"}"#, routingKey: queue, properties: properties)
            let checked = try await ProcessRunner.run(python, [Self.fixture("pika_consume.py"), url, queue])
            #expect(checked.status == 0, "pika said: \(checked.output)")
            try await channel.queueDelete(queue)
            try await connection.close()
        }
    }
}
