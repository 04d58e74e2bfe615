import NIOCore

extension AMQPMethod {
    /// Methods of class `exchange` (40), with RabbitMQ's exchange-to-exchange bindings.
    enum Exchange: Sendable, Hashable {
        case declare(Declare)
        case declareOk
        case delete(exchange: String, ifUnused: Bool, noWait: Bool)
        case deleteOk
        case bind(Bind)
        case bindOk
        case unbind(Bind)
        case unbindOk

        /// `exchange.declare`.
        struct Declare: Sendable, Hashable {
            var exchange: String
            var type: String
            var passive = false
            var durable = false
            var autoDelete = false
            var `internal` = false
            var noWait = false
            var arguments = AMQPTable()
        }

        /// `exchange.bind` / `exchange.unbind`.
        struct Bind: Sendable, Hashable {
            var destination: String
            var source: String
            var routingKey: String
            var noWait = false
            var arguments = AMQPTable()
        }

        var methodID: UInt16 {
            switch self {
            case .declare: 10
            case .declareOk: 11
            case .delete: 20
            case .deleteOk: 21
            case .bind: 30
            case .bindOk: 31
            case .unbind: 40
            case .unbindOk: 51
            }
        }

        func encodeArguments(into buffer: inout ByteBuffer) throws(AMQPProtocolError) {
            switch self {
            case .declare(let d):
                buffer.writeInteger(UInt16(0), endianness: .big)
                try buffer.writeShortString(d.exchange)
                try buffer.writeShortString(d.type)
                buffer.writeInteger(AMQPBits.pack(d.passive, d.durable, d.autoDelete, d.internal, d.noWait))
                try buffer.writeFieldTable(d.arguments)
            case .delete(let exchange, let ifUnused, let noWait):
                buffer.writeInteger(UInt16(0), endianness: .big)
                try buffer.writeShortString(exchange)
                buffer.writeInteger(AMQPBits.pack(ifUnused, noWait))
            case .bind(let b), .unbind(let b):
                buffer.writeInteger(UInt16(0), endianness: .big)
                try buffer.writeShortString(b.destination)
                try buffer.writeShortString(b.source)
                try buffer.writeShortString(b.routingKey)
                buffer.writeInteger(AMQPBits.pack(b.noWait))
                try buffer.writeFieldTable(b.arguments)
            case .declareOk, .deleteOk, .bindOk, .unbindOk:
                break
            }
        }

        static func decode(methodID: UInt16, from buffer: inout ByteBuffer) throws(AMQPProtocolError) -> Exchange {
            switch methodID {
            case 10:
                let _: UInt16 = try buffer.readAMQPInteger("reserved-1")
                let exchange = try buffer.readShortString("exchange")
                let type = try buffer.readShortString("type")
                let bits: UInt8 = try buffer.readAMQPInteger("flags")
                return .declare(Declare(
                    exchange: exchange, type: type,
                    passive: AMQPBits.bit(0, of: bits), durable: AMQPBits.bit(1, of: bits),
                    autoDelete: AMQPBits.bit(2, of: bits), internal: AMQPBits.bit(3, of: bits),
                    noWait: AMQPBits.bit(4, of: bits),
                    arguments: try buffer.readFieldTable("arguments")
                ))
            case 11: return .declareOk
            case 20:
                let _: UInt16 = try buffer.readAMQPInteger("reserved-1")
                let exchange = try buffer.readShortString("exchange")
                let bits: UInt8 = try buffer.readAMQPInteger("flags")
                return .delete(exchange: exchange, ifUnused: AMQPBits.bit(0, of: bits), noWait: AMQPBits.bit(1, of: bits))
            case 21: return .deleteOk
            case 30, 40:
                let _: UInt16 = try buffer.readAMQPInteger("reserved-1")
                let destination = try buffer.readShortString("destination")
                let source = try buffer.readShortString("source")
                let routingKey = try buffer.readShortString("routing-key")
                let bits: UInt8 = try buffer.readAMQPInteger("no-wait")
                let bind = Bind(
                    destination: destination, source: source, routingKey: routingKey,
                    noWait: AMQPBits.bit(0, of: bits), arguments: try buffer.readFieldTable("arguments")
                )
                return methodID == 30 ? .bind(bind) : .unbind(bind)
            case 31: return .bindOk
            case 51: return .unbindOk
            default: throw .unknownMethod(classID: 40, methodID: methodID)
            }
        }
    }
}
