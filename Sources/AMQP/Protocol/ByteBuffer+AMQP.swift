import NIOCore

/// Readers and writers for the AMQP 0-9-1 field domains (short string, long string, table, …).
extension ByteBuffer {
    // MARK: reading

    @inlinable
    mutating func readAMQPInteger<T: FixedWidthInteger>(_ field: String, as type: T.Type = T.self) throws(AMQPProtocolError) -> T {
        guard let value = readInteger(endianness: .big, as: T.self) else { throw .truncatedPayload(field) }
        return value
    }

    mutating func readShortString(_ field: String) throws(AMQPProtocolError) -> String {
        let length: UInt8 = try readAMQPInteger(field)
        guard let bytes = readBytes(length: Int(length)) else { throw .truncatedPayload(field) }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func readLongStringBytes(_ field: String) throws(AMQPProtocolError) -> [UInt8] {
        let length: UInt32 = try readAMQPInteger(field)
        guard let bytes = readBytes(length: Int(length)) else { throw .truncatedPayload(field) }
        return bytes
    }

    mutating func readLongString(_ field: String) throws(AMQPProtocolError) -> String {
        String(decoding: try readLongStringBytes(field), as: UTF8.self)
    }

    mutating func readFieldTable(_ field: String) throws(AMQPProtocolError) -> AMQPTable {
        let length: UInt32 = try readAMQPInteger(field)
        guard var slice = readSlice(length: Int(length)) else { throw .truncatedPayload(field) }
        var table = AMQPTable()
        while slice.readableBytes > 0 {
            let key = try slice.readShortString(field)
            table[key] = try slice.readFieldValue(field)
        }
        return table
    }

    mutating func readFieldArray(_ field: String) throws(AMQPProtocolError) -> [AMQPFieldValue] {
        let length: UInt32 = try readAMQPInteger(field)
        guard var slice = readSlice(length: Int(length)) else { throw .truncatedPayload(field) }
        var values: [AMQPFieldValue] = []
        while slice.readableBytes > 0 {
            values.append(try slice.readFieldValue(field))
        }
        return values
    }

    mutating func readFieldValue(_ field: String) throws(AMQPProtocolError) -> AMQPFieldValue {
        let type: UInt8 = try readAMQPInteger(field)
        switch type {
        case UInt8(ascii: "t"): return .bool(try readAMQPInteger(field, as: UInt8.self) != 0)
        case UInt8(ascii: "b"): return .int8(try readAMQPInteger(field))
        case UInt8(ascii: "B"): return .uint8(try readAMQPInteger(field))
        case UInt8(ascii: "s"): return .int16(try readAMQPInteger(field))
        case UInt8(ascii: "u"): return .uint16(try readAMQPInteger(field))
        case UInt8(ascii: "I"): return .int32(try readAMQPInteger(field))
        case UInt8(ascii: "i"): return .uint32(try readAMQPInteger(field))
        case UInt8(ascii: "l"): return .int64(try readAMQPInteger(field))
        case UInt8(ascii: "f"): return .float(Float(bitPattern: try readAMQPInteger(field)))
        case UInt8(ascii: "d"): return .double(Double(bitPattern: try readAMQPInteger(field)))
        case UInt8(ascii: "D"):
            let scale: UInt8 = try readAMQPInteger(field)
            let value: UInt32 = try readAMQPInteger(field)
            return .decimal(AMQPDecimal(scale: scale, value: value))
        case UInt8(ascii: "S"):
            let bytes = try readLongStringBytes(field)
            if let string = String(validating: bytes, as: UTF8.self) { return .string(string) }
            return .bytes(bytes)
        case UInt8(ascii: "x"): return .bytes(try readLongStringBytes(field))
        case UInt8(ascii: "A"): return .array(try readFieldArray(field))
        case UInt8(ascii: "T"): return .timestamp(try readAMQPInteger(field))
        case UInt8(ascii: "F"): return .table(try readFieldTable(field))
        case UInt8(ascii: "V"): return .void
        default: throw .unknownFieldType(type)
        }
    }

    // MARK: writing

    mutating func writeShortString(_ string: String) throws(AMQPProtocolError) {
        let count = string.utf8.count
        guard count <= 255 else { throw .shortStringTooLong(String(string.prefix(40))) }
        writeInteger(UInt8(count))
        writeString(string)
    }

    mutating func writeLongString(_ string: String) {
        writeInteger(UInt32(string.utf8.count), endianness: .big)
        writeString(string)
    }

    mutating func writeLongStringBytes(_ bytes: [UInt8]) {
        writeInteger(UInt32(bytes.count), endianness: .big)
        writeBytes(bytes)
    }

    /// Writes a 32-bit length placeholder, runs `body`, then patches the length.
    mutating func writeLengthPrefixed(_ body: (inout ByteBuffer) throws(AMQPProtocolError) -> Void) throws(AMQPProtocolError) {
        let lengthIndex = writerIndex
        writeInteger(UInt32(0), endianness: .big)
        try body(&self)
        let length = writerIndex - lengthIndex - 4
        setInteger(UInt32(length), at: lengthIndex, endianness: .big)
    }

    mutating func writeFieldTable(_ table: AMQPTable) throws(AMQPProtocolError) {
        try writeLengthPrefixed { (buffer: inout ByteBuffer) throws(AMQPProtocolError) in
            for entry in table.entries {
                try buffer.writeShortString(entry.key)
                try buffer.writeFieldValue(entry.value)
            }
        }
    }

    mutating func writeFieldArray(_ values: [AMQPFieldValue]) throws(AMQPProtocolError) {
        try writeLengthPrefixed { (buffer: inout ByteBuffer) throws(AMQPProtocolError) in
            for value in values { try buffer.writeFieldValue(value) }
        }
    }

    mutating func writeFieldValue(_ value: AMQPFieldValue) throws(AMQPProtocolError) {
        func tag(_ c: Unicode.Scalar) { writeInteger(UInt8(ascii: c)) }
        switch value {
        case .bool(let v): tag("t"); writeInteger(UInt8(v ? 1 : 0))
        case .int8(let v): tag("b"); writeInteger(v)
        case .uint8(let v): tag("B"); writeInteger(v)
        case .int16(let v): tag("s"); writeInteger(v, endianness: .big)
        case .uint16(let v): tag("u"); writeInteger(v, endianness: .big)
        case .int32(let v): tag("I"); writeInteger(v, endianness: .big)
        case .uint32(let v): tag("i"); writeInteger(v, endianness: .big)
        case .int64(let v): tag("l"); writeInteger(v, endianness: .big)
        case .float(let v): tag("f"); writeInteger(v.bitPattern, endianness: .big)
        case .double(let v): tag("d"); writeInteger(v.bitPattern, endianness: .big)
        case .decimal(let v): tag("D"); writeInteger(v.scale); writeInteger(v.value, endianness: .big)
        case .string(let v): tag("S"); writeLongString(v)
        case .bytes(let v): tag("x"); writeLongStringBytes(v)
        case .array(let v): tag("A"); try writeFieldArray(v)
        case .timestamp(let v): tag("T"); writeInteger(v, endianness: .big)
        case .table(let v): tag("F"); try writeFieldTable(v)
        case .void: tag("V")
        }
    }
}

/// Packs and unpacks consecutive AMQP `bit` fields, which share octets, lowest bit first.
struct AMQPBits {
    static func pack(_ bits: Bool...) -> UInt8 {
        var octet: UInt8 = 0
        for (index, bit) in bits.enumerated() where bit { octet |= 1 << UInt8(index) }
        return octet
    }

    static func bit(_ index: Int, of octet: UInt8) -> Bool {
        octet & (1 << UInt8(index)) != 0
    }
}
