@testable import AMQP
import NIOCore
import Testing

@Suite struct PropertiesAndMethodsTests {
    @Test func allPropertiesRoundTripWithTheirFlags() throws {
        let properties = AMQPProperties(
            contentType: "application/json", contentEncoding: "gzip", headers: FieldTableTests.everyType,
            deliveryMode: AMQPProperties.persistent, priority: 7, correlationID: "corr-1", replyTo: "replies",
            expiration: "60000", messageID: "msg-1", timestamp: 1_760_000_000, type: "order.created",
            userID: "guest", appID: "sauda", clusterID: ""
        )
        #expect(properties.flags == 0b1111_1111_1111_1100)
        var buffer = ByteBuffer()
        try properties.encode(into: &buffer)
        #expect(try AMQPProperties.decode(from: &buffer) == properties)
        #expect(buffer.readableBytes == 0)
    }

    @Test func propertyFlagsBitmapGolden() throws {
        // message-id (bit 7) and timestamp (bit 6) only.
        var buffer = ByteBuffer()
        try AMQPProperties(messageID: "m", timestamp: 1).encode(into: &buffer)
        #expect(Array(buffer.readableBytesView) == hex("00C0 01") + ascii("m") + hex("0000000000000001"))
        #expect(try AMQPProperties.decode(from: &buffer) == AMQPProperties(messageID: "m", timestamp: 1))
    }

    @Test func emptyPropertiesAreTwoZeroBytes() throws {
        var buffer = ByteBuffer()
        try AMQPProperties().encode(into: &buffer)
        #expect(Array(buffer.readableBytesView) == [0, 0])
    }

    static let methods: [AMQPMethod] = [
        .connection(.start(.init(serverProperties: ["product": "RabbitMQ"], mechanisms: "AMQPLAIN PLAIN", locales: "en_US"))),
        .connection(.startOk(.init(clientProperties: ["a": 1], mechanism: "PLAIN", response: [0, 1], locale: "en_US"))),
        .connection(.secure(challenge: [1, 2])), .connection(.secureOk(response: [3])),
        .connection(.tune(.init(channelMax: 1, frameMax: 4096, heartbeat: 5))),
        .connection(.tuneOk(.init(channelMax: 1, frameMax: 4096, heartbeat: 5))),
        .connection(.open(virtualHost: "/")), .connection(.openOk),
        .connection(.close(AMQPCloseReason(replyCode: 320, replyText: "CONNECTION_FORCED", classID: 0, methodID: 0))),
        .connection(.closeOk), .connection(.blocked(reason: "low on memory")), .connection(.unblocked),
        .channel(.open), .channel(.openOk), .channel(.flow(active: true)), .channel(.flowOk(active: false)),
        .channel(.close(AMQPCloseReason(replyCode: 404, replyText: "NOT_FOUND", classID: 50, methodID: 10))), .channel(.closeOk),
        .exchange(.declare(.init(exchange: "x", type: "topic", durable: true, internal: true, arguments: ["alternate-exchange": "y"]))),
        .exchange(.declareOk), .exchange(.delete(exchange: "x", ifUnused: true, noWait: false)), .exchange(.deleteOk),
        .exchange(.bind(.init(destination: "d", source: "s", routingKey: "k"))), .exchange(.bindOk),
        .exchange(.unbind(.init(destination: "d", source: "s", routingKey: "k"))), .exchange(.unbindOk),
        .queue(.declare(.init(queue: "q", durable: true, exclusive: true, autoDelete: true, arguments: .queueArguments(maxLength: 5)))),
        .queue(.declareOk(.init(queue: "q", messageCount: 3, consumerCount: 1))),
        .queue(.bind(.init(queue: "q", exchange: "x", routingKey: "k", arguments: ["h": true]))), .queue(.bindOk),
        .queue(.unbind(.init(queue: "q", exchange: "x", routingKey: "k"))), .queue(.unbindOk),
        .queue(.purge(queue: "q", noWait: false)), .queue(.purgeOk(messageCount: 9)),
        .queue(.delete(queue: "q", ifUnused: false, ifEmpty: true, noWait: false)), .queue(.deleteOk(messageCount: 2)),
        .basic(.qos(prefetchSize: 0, prefetchCount: 10, global: true)), .basic(.qosOk),
        .basic(.consume(.init(queue: "q", consumerTag: "c", noAck: true, exclusive: true, arguments: ["x-priority": 1]))),
        .basic(.consumeOk(consumerTag: "c")), .basic(.cancel(consumerTag: "c", noWait: true)), .basic(.cancelOk(consumerTag: "c")),
        .basic(.publish(.init(exchange: "x", routingKey: "k", mandatory: true, immediate: false))),
        .basic(.return(.init(replyCode: 312, replyText: "NO_ROUTE", exchange: "x", routingKey: "k"))),
        .basic(.deliver(.init(consumerTag: "c", deliveryTag: 1, redelivered: false, exchange: "x", routingKey: "k"))),
        .basic(.get(queue: "q", noAck: true)),
        .basic(.getOk(.init(deliveryTag: 5, redelivered: true, exchange: "", routingKey: "q", messageCount: 4))),
        .basic(.getEmpty), .basic(.ack(deliveryTag: 3, multiple: true)), .basic(.reject(deliveryTag: 4, requeue: false)),
        .basic(.recoverAsync(requeue: true)), .basic(.recover(requeue: true)), .basic(.recoverOk),
        .basic(.nack(deliveryTag: 6, multiple: false, requeue: true)),
        .confirm(.select(noWait: false)), .confirm(.selectOk),
    ]

    @Test(arguments: methods)
    func methodRoundTrips(_ method: AMQPMethod) throws {
        var buffer = ByteBuffer()
        try method.encode(into: &buffer)
        #expect(try AMQPMethod.decode(from: &buffer) == method)
        #expect(buffer.readableBytes == 0)
    }

    @Test func bitsArePackedLowestFirst() throws {
        // queue.declare: passive=0 durable=1 exclusive=0 auto-delete=1 no-wait=0 -> 0b01010
        var buffer = ByteBuffer()
        try AMQPMethod.queue(.declare(.init(queue: "", durable: true, autoDelete: true))).encode(into: &buffer)
        #expect(Array(buffer.readableBytesView) == hex("0032 000A 0000 00 0A 00000000"))
    }
}
