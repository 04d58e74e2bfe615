import NIOCore

extension AMQPMethod {
    /// Methods of class `queue` (50).
    enum Queue: Sendable, Hashable {
        case declare(Declare)
        case declareOk(DeclareOk)
        case bind(Bind)
        case bindOk
        case purge(queue: String, noWait: Bool)
        case purgeOk(messageCount: UInt32)
        case delete(queue: String, ifUnused: Bool, ifEmpty: Bool, noWait: Bool)
        case deleteOk(messageCount: UInt32)
        case unbind(Bind)
        case unbindOk

        /// `queue.declare`.
        struct Declare: Sendable, Hashable {
            var queue: String
            var passive = false
            var durable = false
            var exclusive = false
            var autoDelete = false
            var noWait = false
            var arguments = AMQPTable()
        }

        /// `queue.declare-ok`.
        struct DeclareOk: Sendable, Hashable {
            var queue: String
            var messageCount: UInt32
            var consumerCount: UInt32
        }

        /// `queue.bind` / `queue.unbind` (unbind has no no-wait bit on the wire).
        struct Bind: Sendable, Hashable {
            var queue: String
            var exchange: String
            var routingKey: String
            var noWait = false
            var arguments = AMQPTable()
        }

        var methodID: UInt16 {
            switch self {
            case .declare: 10
            case .declareOk: 11
            case .bind: 20
            case .bindOk: 21
            case .purge: 30
            case .purgeOk: 31
            case .delete: 40
            case .deleteOk: 41
            case .unbind: 50
            case .unbindOk: 51
            }
        }

        func encodeArguments(into buffer: inout ByteBuffer) throws(AMQPProtocolError) {
            switch self {
            case .declare(let d):
                buffer.writeInteger(UInt16(0), endianness: .big)
                try buffer.writeShortString(d.queue)
                buffer.writeInteger(AMQPBits.pack(d.passive, d.durable, d.exclusive, d.autoDelete, d.noWait))
                try buffer.writeFieldTable(d.arguments)
            case .declareOk(let ok):
                try buffer.writeShortString(ok.queue)
                buffer.writeInteger(ok.messageCount, endianness: .big)
                buffer.writeInteger(ok.consumerCount, endianness: .big)
            case .bind(let b):
                buffer.writeInteger(UInt16(0), endianness: .big)
                try buffer.writeShortString(b.queue)
                try buffer.writeShortString(b.exchange)
                try buffer.writeShortString(b.routingKey)
                buffer.writeInteger(AMQPBits.pack(b.noWait))
                try buffer.writeFieldTable(b.arguments)
            case .unbind(let b):
                buffer.writeInteger(UInt16(0), endianness: .big)
                try buffer.writeShortString(b.queue)
                try buffer.writeShortString(b.exchange)
                try buffer.writeShortString(b.routingKey)
                try buffer.writeFieldTable(b.arguments)
            case .purge(let queue, let noWait):
                buffer.writeInteger(UInt16(0), endianness: .big)
                try buffer.writeShortString(queue)
                buffer.writeInteger(AMQPBits.pack(noWait))
            case .purgeOk(let count), .deleteOk(let count):
                buffer.writeInteger(count, endianness: .big)
            case .delete(let queue, let ifUnused, let ifEmpty, let noWait):
                buffer.writeInteger(UInt16(0), endianness: .big)
                try buffer.writeShortString(queue)
                buffer.writeInteger(AMQPBits.pack(ifUnused, ifEmpty, noWait))
            case .bindOk, .unbindOk:
                break
            }
        }

        static func decode(methodID: UInt16, from buffer: inout ByteBuffer) throws(AMQPProtocolError) -> Queue {
            switch methodID {
            case 10:
                let _: UInt16 = try buffer.readAMQPInteger("reserved-1")
                let queue = try buffer.readShortString("queue")
                let bits: UInt8 = try buffer.readAMQPInteger("flags")
                return .declare(Declare(
                    queue: queue,
                    passive: AMQPBits.bit(0, of: bits), durable: AMQPBits.bit(1, of: bits),
                    exclusive: AMQPBits.bit(2, of: bits), autoDelete: AMQPBits.bit(3, of: bits),
                    noWait: AMQPBits.bit(4, of: bits),
                    arguments: try buffer.readFieldTable("arguments")
                ))
            case 11:
                return .declareOk(DeclareOk(
                    queue: try buffer.readShortString("queue"),
                    messageCount: try buffer.readAMQPInteger("message-count"),
                    consumerCount: try buffer.readAMQPInteger("consumer-count")
                ))
            case 20, 50:
                let _: UInt16 = try buffer.readAMQPInteger("reserved-1")
                let queue = try buffer.readShortString("queue")
                let exchange = try buffer.readShortString("exchange")
                let routingKey = try buffer.readShortString("routing-key")
                var noWait = false
                if methodID == 20 {
                    let bits: UInt8 = try buffer.readAMQPInteger("no-wait")
                    noWait = AMQPBits.bit(0, of: bits)
                }
                let bind = Bind(
                    queue: queue, exchange: exchange, routingKey: routingKey,
                    noWait: noWait, arguments: try buffer.readFieldTable("arguments")
                )
                return methodID == 20 ? .bind(bind) : .unbind(bind)
            case 21: return .bindOk
            case 30:
                let _: UInt16 = try buffer.readAMQPInteger("reserved-1")
                let queue = try buffer.readShortString("queue")
                let bits: UInt8 = try buffer.readAMQPInteger("no-wait")
                return .purge(queue: queue, noWait: AMQPBits.bit(0, of: bits))
            case 31: return .purgeOk(messageCount: try buffer.readAMQPInteger("message-count"))
            case 40:
                let _: UInt16 = try buffer.readAMQPInteger("reserved-1")
                let queue = try buffer.readShortString("queue")
                let bits: UInt8 = try buffer.readAMQPInteger("flags")
                return .delete(
                    queue: queue, ifUnused: AMQPBits.bit(0, of: bits),
                    ifEmpty: AMQPBits.bit(1, of: bits), noWait: AMQPBits.bit(2, of: bits)
                )
            case 41: return .deleteOk(messageCount: try buffer.readAMQPInteger("message-count"))
            case 51: return .unbindOk
            default: throw .unknownMethod(classID: 50, methodID: methodID)
            }
        }
    }
}
