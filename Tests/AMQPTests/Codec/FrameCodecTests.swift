@testable import AMQP
import NIOCore
import Testing

/// Golden bytes written by hand from the AMQP 0-9-1 specification (section 4.2 frame format,
/// the class/method ids of the XML spec, RabbitMQ's field type octets).
@Suite struct FrameCodecTests {
    typealias T = AMQPFrameTestSupport

    @Test func heartbeatFrame() throws {
        // type 8, channel 0, size 0, frame-end
        let golden = hex("08 0000 00000000 CE")
        #expect(try T.encode([.heartbeat]) == golden)
        #expect(try T.decodeAll(golden) == [.heartbeat])
    }

    @Test func protocolHeader() {
        var buffer = ByteBuffer()
        AMQPProtocolHeader.write(into: &buffer)
        #expect(Array(buffer.readableBytesView) == ascii("AMQP") + [0, 0, 9, 1])
    }

    @Test func connectionStartOk() throws {
        let startOk = AMQPMethod.Connection.StartOk(
            clientProperties: ["product": "sauda"], mechanism: "PLAIN",
            response: Array("\u{0}guest\u{0}guest".utf8), locale: "en_US"
        )
        let golden = hex("01 0000 00000036")  // method frame, channel 0, 54-byte payload
            + hex("000A 000B")  // connection.start-ok
            + hex("00000012") + [7] + ascii("product") + ascii("S") + hex("00000005") + ascii("sauda")  // client-properties
            + [5] + ascii("PLAIN")  // mechanism
            + hex("0000000C") + [0] + ascii("guest") + [0] + ascii("guest")  // response
            + [5] + ascii("en_US")  // locale
            + hex("CE")
        let frame = AMQPFrame.method(0, .connection(.startOk(startOk)))
        #expect(try T.encode([frame]) == golden)
        #expect(try T.decodeAll(golden) == [frame])
    }

    @Test func connectionTuneFromServer() throws {
        // channel-max 2047, frame-max 131072, heartbeat 60
        let golden = hex("01 0000 0000000C 000A 001E 07FF 00020000 003C CE")
        let frames = try T.decodeAll(golden)
        #expect(frames == [.method(0, .connection(.tune(.init(channelMax: 2047, frameMax: 131_072, heartbeat: 60))))])
    }

    /// basic.publish + a content header with content-type, headers table and delivery-mode + a body.
    static let publishGolden: [UInt8] =
        hex("01 0001 0000000A")  // method frame, channel 1, 10 bytes
        + hex("003C 0028")  // basic.publish
        + hex("0000")  // reserved-1 (ticket)
        + [0]  // exchange "" (default)
        + [1] + ascii("q")  // routing-key "q"
        + hex("01")  // mandatory=1, immediate=0
        + hex("CE")
        + hex("02 0001 0000002B")  // header frame, channel 1, 43 bytes
        + hex("003C 0000 0000000000000005")  // class basic, weight 0, body-size 5
        + hex("B000")  // flags: content-type (bit 15), headers (bit 13), delivery-mode (bit 12)
        + [16] + ascii("application/json")
        + hex("00000007") + [1] + ascii("x") + ascii("I") + hex("00000001")  // headers {x: I 1}
        + hex("02")  // delivery-mode 2 (persistent)
        + hex("CE")
        + hex("03 0001 00000005") + ascii("hello") + hex("CE")  // body frame

    static let publishFrames: [AMQPFrame] = [
        .method(1, .basic(.publish(.init(exchange: "", routingKey: "q", mandatory: true)))),
        AMQPFrame(channel: 1, payload: .header(AMQPContentHeader(bodySize: 5, properties: AMQPProperties(
            contentType: "application/json", headers: ["x": .int32(1)], deliveryMode: 2
        )))),
        AMQPFrame(channel: 1, payload: .body(ByteBuffer(string: "hello"))),
    ]

    @Test func basicPublishWithContentHeaderAndHeadersTable() throws {
        #expect(try T.encode(Self.publishFrames) == Self.publishGolden)
        #expect(try T.decodeAll(Self.publishGolden) == Self.publishFrames)
    }

    @Test func basicDeliverFromServer() throws {
        let golden = hex("01 0001 00000022")
            + hex("003C 003C")  // basic.deliver
            + [4] + ascii("ctag")
            + hex("000000000000002A")  // delivery-tag 42
            + hex("01")  // redelivered
            + [3] + ascii("amq")
            + [11] + ascii("orders.paid")
            + hex("CE")
        let deliver = AMQPMethod.Basic.Deliver(consumerTag: "ctag", deliveryTag: 42, redelivered: true, exchange: "amq", routingKey: "orders.paid")
        #expect(try T.decodeAll(golden) == [.method(1, .basic(.deliver(deliver)))])
        #expect(try T.encode([.method(1, .basic(.deliver(deliver)))]) == golden)
    }

    @Test func channelCloseFromServer() throws {
        let text = "PRECONDITION_FAILED - inequivalent arg 'x-max-length'"
        let payload = hex("0014 0028 0196") + [UInt8(text.utf8.count)] + ascii(text) + hex("0032 000A")
        let golden = hex("01 0002") + hex(String(format32(payload.count))) + payload + hex("CE")
        let reason = AMQPCloseReason(replyCode: 406, replyText: text, classID: 50, methodID: 10)
        #expect(try T.decodeAll(golden) == [.method(2, .channel(.close(reason)))])
    }

    @Test func byteByByteSplitGivesTheSameFrames() throws {
        let startOk = AMQPFrame.method(0, .connection(.startOk(.init(
            clientProperties: AMQPConnection.clientProperties(connectionName: "split"), mechanism: "PLAIN",
            response: Array("\u{0}u\u{0}p".utf8), locale: "en_US"
        ))))
        let frames = [startOk, .heartbeat] + Self.publishFrames + [.method(1, .basic(.ack(deliveryTag: 7, multiple: true)))]
        let bytes = try T.encode(frames)
        var buffer = ByteBuffer()
        var decoded: [AMQPFrame] = []
        for byte in bytes {
            buffer.writeInteger(byte)
            while let frame = try AMQPFrame.decode(from: &buffer, maxFrameSize: 131_072) { decoded.append(frame) }
        }
        #expect(decoded == frames)
        #expect(buffer.readableBytes == 0)
    }

    @Test func incompleteFrameReturnsNilAndLeavesTheBuffer() throws {
        let bytes = try T.encode(Self.publishFrames)
        for cut in [0, 1, 6, 7, 12, 17] {
            var buffer = ByteBuffer(bytes: bytes[..<cut])
            #expect(try AMQPFrame.decode(from: &buffer, maxFrameSize: 131_072) == nil)
            #expect(buffer.readableBytes == cut)
        }
    }

    @Test func frameLargerThanFrameMaxIsRefusedFromItsHeader() {
        // A body frame announcing 5000 bytes, with only the 7-byte header received.
        var buffer = ByteBuffer(bytes: hex("03 0001 00001388"))
        #expect(throws: AMQPProtocolError.frameTooLarge(size: 5000, maximum: 4096)) {
            try AMQPFrame.decode(from: &buffer, maxFrameSize: 4096)
        }
        // Exactly frame-max (payload + 8) is fine.
        var fits = ByteBuffer(bytes: hex("03 0001 00000FF8") + Array(repeating: 0x61, count: 4088) + hex("CE"))
        #expect(throws: Never.self) { try AMQPFrame.decode(from: &fits, maxFrameSize: 4096) }
    }

    @Test func badFrameEndIsRefused() {
        var buffer = ByteBuffer(bytes: hex("08 0000 00000000 00"))
        #expect(throws: AMQPProtocolError.badFrameEnd(0x00)) {
            try AMQPFrame.decode(from: &buffer, maxFrameSize: 131_072)
        }
    }

    @Test func unknownFrameTypeAndMethodAreTypedErrors() {
        var type = ByteBuffer(bytes: hex("05 0000 00000000 CE"))
        #expect(throws: AMQPProtocolError.unknownFrameType(5)) { try AMQPFrame.decode(from: &type, maxFrameSize: 0) }
        var method = ByteBuffer(bytes: hex("01 0000 00000004 0063 0001 CE"))
        #expect(throws: AMQPProtocolError.unknownMethod(classID: 99, methodID: 1)) {
            try AMQPFrame.decode(from: &method, maxFrameSize: 0)
        }
    }

    @Test func truncatedMethodPayloadIsATypedError() {
        // queue.declare-ok whose payload stops after the queue name.
        var buffer = ByteBuffer(bytes: hex("01 0001 00000007 0032 000B 02") + ascii("qq") + hex("CE"))
        #expect(throws: AMQPProtocolError.truncatedPayload("message-count")) {
            try AMQPFrame.decode(from: &buffer, maxFrameSize: 0)
        }
    }

    @Test func shortStringLongerThan255BytesIsRefusedWhenEncoding() {
        let frame = AMQPFrame.method(1, .queue(.declare(.init(queue: String(repeating: "q", count: 256)))))
        #expect(throws: AMQPProtocolError.self) { try T.encode([frame]) }
    }

    private func format32(_ value: Int) -> String {
        let hexDigits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - hexDigits.count) + hexDigits
    }
}
