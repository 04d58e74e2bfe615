@testable import AMQP
import NIOCore
import Testing

@Suite struct FieldTableTests {
    /// A table with every field type RabbitMQ sends, nested.
    static let everyType: AMQPTable = [
        "bool": .bool(true),
        "int8": .int8(-8),
        "uint8": .uint8(200),
        "int16": .int16(-1600),
        "uint16": .uint16(60000),
        "int32": .int32(-320_000),
        "uint32": .uint32(4_000_000_000),
        "int64": .int64(-6_400_000_000_000),
        "float": .float(1.5),
        "double": .double(-2.25),
        "decimal": .decimal(AMQPDecimal(scale: 2, value: 12345)),
        "string": .string("Сауда — продажи"),
        "bytes": .bytes([0, 1, 2, 0xFF]),
        "array": .array([.int32(1), .string("two"), .bool(false), .array([.void]), .table(["k": "v"])]),
        "timestamp": .timestamp(1_760_000_000),
        "table": .table(["nested": .table(["deeper": .int64(3)]), "list": ["a", "b"]]),
        "void": .void,
    ]

    @Test func everyTypeRoundTrips() throws {
        var buffer = ByteBuffer()
        try buffer.writeFieldTable(Self.everyType)
        let decoded = try buffer.readFieldTable("test")
        #expect(decoded == Self.everyType)
        #expect(decoded.keys == Self.everyType.keys)
        #expect(buffer.readableBytes == 0)
    }

    @Test func goldenBytesOfEachTypeOctet() throws {
        let cases: [(AMQPFieldValue, [UInt8])] = [
            (.bool(true), ascii("t") + [1]),
            (.int8(-1), ascii("b") + [0xFF]),
            (.uint8(255), ascii("B") + [0xFF]),
            (.int16(-2), ascii("s") + hex("FFFE")),
            (.uint16(513), ascii("u") + hex("0201")),
            (.int32(-3), ascii("I") + hex("FFFFFFFD")),
            (.uint32(16_909_060), ascii("i") + hex("01020304")),
            (.int64(1), ascii("l") + hex("0000000000000001")),
            (.float(1.0), ascii("f") + hex("3F800000")),
            (.double(1.0), ascii("d") + hex("3FF0000000000000")),
            (.decimal(AMQPDecimal(scale: 2, value: 1)), ascii("D") + hex("02 00000001")),
            (.string("ab"), ascii("S") + hex("00000002") + ascii("ab")),
            (.bytes([9]), ascii("x") + hex("00000001 09")),
            (.array([.uint8(1)]), ascii("A") + hex("00000002") + ascii("B") + [1]),
            (.timestamp(2), ascii("T") + hex("0000000000000002")),
            (.table(["k": .void]), ascii("F") + hex("00000003") + [1] + ascii("k") + ascii("V")),
            (.void, ascii("V")),
        ]
        for (value, golden) in cases {
            var buffer = ByteBuffer()
            try buffer.writeFieldValue(value)
            #expect(Array(buffer.readableBytesView) == golden, "\(value)")
            #expect(try buffer.readFieldValue("test") == value)
        }
    }

    @Test func longStringThatIsNotUTF8DecodesAsBytes() throws {
        var buffer = ByteBuffer(bytes: ascii("S") + hex("00000002 C328"))
        #expect(try buffer.readFieldValue("test") == .bytes([0xC3, 0x28]))
    }

    @Test func unknownTypeOctetIsATypedError() {
        var buffer = ByteBuffer(bytes: ascii("Z") + [0])
        #expect(throws: AMQPProtocolError.unknownFieldType(UInt8(ascii: "Z"))) { try buffer.readFieldValue("test") }
    }

    @Test func tableKeepsOrderAndReplacesInPlace() {
        var table: AMQPTable = ["b": 1, "a": 2]
        table["b"] = "changed"
        table["c"] = true
        table["a"] = nil
        #expect(table.keys == ["b", "c"])
        #expect(table["b"] == .string("changed"))
    }

    @Test func queueArgumentsForSaudaQueues() {
        let incoming = AMQPTable.queueArguments(messageTTL: .seconds(24 * 3600), maxLength: 10_000, deadLetterExchange: "sauda.dlx")
        #expect(incoming == ["x-message-ttl": .int64(86_400_000), "x-max-length": .int64(10_000), "x-dead-letter-exchange": "sauda.dlx"])
        let voice = AMQPTable.queueArguments(messageTTL: .milliseconds(7_200_000), maxLength: 1000, overflow: .rejectPublish)
        #expect(voice["x-message-ttl"] == .int64(7_200_000))
        #expect(voice["x-overflow"] == .string("reject-publish"))
    }
}
