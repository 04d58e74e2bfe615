import NIOCore

/// An AMQP 0-9-1 method (the payload of a method frame), grouped by class.
enum AMQPMethod: Sendable, Hashable {
    case connection(Connection)
    case channel(Channel)
    case exchange(Exchange)
    case queue(Queue)
    case basic(Basic)
    case confirm(Confirm)

    /// The class identifier (10 connection, 20 channel, 40 exchange, 50 queue, 60 basic, 85 confirm).
    var classID: UInt16 {
        switch self {
        case .connection: 10
        case .channel: 20
        case .exchange: 40
        case .queue: 50
        case .basic: 60
        case .confirm: 85
        }
    }

    /// The method identifier within its class.
    var methodID: UInt16 {
        switch self {
        case .connection(let m): m.methodID
        case .channel(let m): m.methodID
        case .exchange(let m): m.methodID
        case .queue(let m): m.methodID
        case .basic(let m): m.methodID
        case .confirm(let m): m.methodID
        }
    }

    /// True for methods that are followed by a content header and body frames.
    var carriesContent: Bool {
        switch self {
        case .basic(.publish), .basic(.deliver), .basic(.return), .basic(.getOk): true
        case .connection, .channel, .exchange, .queue, .basic, .confirm: false
        }
    }

    /// Writes class id, method id and arguments.
    func encode(into buffer: inout ByteBuffer) throws(AMQPProtocolError) {
        buffer.writeInteger(classID, endianness: .big)
        buffer.writeInteger(methodID, endianness: .big)
        switch self {
        case .connection(let m): try m.encodeArguments(into: &buffer)
        case .channel(let m): try m.encodeArguments(into: &buffer)
        case .exchange(let m): try m.encodeArguments(into: &buffer)
        case .queue(let m): try m.encodeArguments(into: &buffer)
        case .basic(let m): try m.encodeArguments(into: &buffer)
        case .confirm(let m): m.encodeArguments(into: &buffer)
        }
    }

    /// Reads a whole method payload.
    static func decode(from buffer: inout ByteBuffer) throws(AMQPProtocolError) -> AMQPMethod {
        let classID: UInt16 = try buffer.readAMQPInteger("class-id")
        let methodID: UInt16 = try buffer.readAMQPInteger("method-id")
        switch classID {
        case 10: return .connection(try Connection.decode(methodID: methodID, from: &buffer))
        case 20: return .channel(try Channel.decode(methodID: methodID, from: &buffer))
        case 40: return .exchange(try Exchange.decode(methodID: methodID, from: &buffer))
        case 50: return .queue(try Queue.decode(methodID: methodID, from: &buffer))
        case 60: return .basic(try Basic.decode(methodID: methodID, from: &buffer))
        case 85: return .confirm(try Confirm.decode(methodID: methodID, from: &buffer))
        default: throw .unknownMethod(classID: classID, methodID: methodID)
        }
    }

    /// Reads the arguments of `connection.close` / `channel.close`.
    static func decodeClose(from buffer: inout ByteBuffer) throws(AMQPProtocolError) -> AMQPCloseReason {
        AMQPCloseReason(
            replyCode: try buffer.readAMQPInteger("reply-code"),
            replyText: try buffer.readShortString("reply-text"),
            classID: try buffer.readAMQPInteger("class-id"),
            methodID: try buffer.readAMQPInteger("method-id")
        )
    }

    /// Writes the arguments of `connection.close` / `channel.close`.
    static func encodeClose(_ reason: AMQPCloseReason, into buffer: inout ByteBuffer) throws(AMQPProtocolError) {
        buffer.writeInteger(reason.replyCode, endianness: .big)
        try buffer.writeShortString(reason.replyText)
        buffer.writeInteger(reason.classID, endianness: .big)
        buffer.writeInteger(reason.methodID, endianness: .big)
    }
}
