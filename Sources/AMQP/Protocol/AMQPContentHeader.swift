import NIOCore

/// The payload of a content header frame: the class, the total body size and the properties.
struct AMQPContentHeader: Sendable, Hashable {
    /// The content class; always basic (60) in AMQP 0-9-1 as RabbitMQ uses it.
    var classID: UInt16 = 60
    /// Unused, always 0.
    var weight: UInt16 = 0
    /// The total size of the body that the following body frames carry.
    var bodySize: UInt64
    /// The message properties.
    var properties: AMQPProperties

    func encode(into buffer: inout ByteBuffer) throws(AMQPProtocolError) {
        buffer.writeInteger(classID, endianness: .big)
        buffer.writeInteger(weight, endianness: .big)
        buffer.writeInteger(bodySize, endianness: .big)
        try properties.encode(into: &buffer)
    }

    static func decode(from buffer: inout ByteBuffer) throws(AMQPProtocolError) -> AMQPContentHeader {
        let classID: UInt16 = try buffer.readAMQPInteger("class-id")
        guard classID == 60 else { throw .unexpectedContentClass(classID) }
        let weight: UInt16 = try buffer.readAMQPInteger("weight")
        let bodySize: UInt64 = try buffer.readAMQPInteger("body-size")
        return AMQPContentHeader(
            classID: classID, weight: weight, bodySize: bodySize,
            properties: try AMQPProperties.decode(from: &buffer)
        )
    }
}
