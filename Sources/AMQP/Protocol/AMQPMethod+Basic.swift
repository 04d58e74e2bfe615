import NIOCore

extension AMQPMethod {
    /// Methods of class `basic` (60), with RabbitMQ's `basic.nack`.
    enum Basic: Sendable, Hashable {
        case qos(prefetchSize: UInt32, prefetchCount: UInt16, global: Bool)
        case qosOk
        case consume(Consume)
        case consumeOk(consumerTag: String)
        case cancel(consumerTag: String, noWait: Bool)
        case cancelOk(consumerTag: String)
        case publish(Publish)
        case `return`(Return)
        case deliver(Deliver)
        case get(queue: String, noAck: Bool)
        case getOk(GetOk)
        case getEmpty
        case ack(deliveryTag: UInt64, multiple: Bool)
        case reject(deliveryTag: UInt64, requeue: Bool)
        case recoverAsync(requeue: Bool)
        case recover(requeue: Bool)
        case recoverOk
        case nack(deliveryTag: UInt64, multiple: Bool, requeue: Bool)

        /// `basic.consume`.
        struct Consume: Sendable, Hashable {
            var queue: String
            var consumerTag: String
            var noLocal = false
            var noAck = false
            var exclusive = false
            var noWait = false
            var arguments = AMQPTable()
        }

        /// `basic.publish`.
        struct Publish: Sendable, Hashable {
            var exchange: String
            var routingKey: String
            var mandatory = false
            var immediate = false
        }

        /// `basic.return`.
        struct Return: Sendable, Hashable {
            var replyCode: UInt16
            var replyText: String
            var exchange: String
            var routingKey: String
        }

        /// `basic.deliver`.
        struct Deliver: Sendable, Hashable {
            var consumerTag: String
            var deliveryTag: UInt64
            var redelivered: Bool
            var exchange: String
            var routingKey: String
        }

        /// `basic.get-ok`.
        struct GetOk: Sendable, Hashable {
            var deliveryTag: UInt64
            var redelivered: Bool
            var exchange: String
            var routingKey: String
            var messageCount: UInt32
        }

        var methodID: UInt16 {
            switch self {
            case .qos: 10
            case .qosOk: 11
            case .consume: 20
            case .consumeOk: 21
            case .cancel: 30
            case .cancelOk: 31
            case .publish: 40
            case .return: 50
            case .deliver: 60
            case .get: 70
            case .getOk: 71
            case .getEmpty: 72
            case .ack: 80
            case .reject: 90
            case .recoverAsync: 100
            case .recover: 110
            case .recoverOk: 111
            case .nack: 120
            }
        }

        func encodeArguments(into buffer: inout ByteBuffer) throws(AMQPProtocolError) {
            switch self {
            case .qos(let size, let count, let global):
                buffer.writeInteger(size, endianness: .big)
                buffer.writeInteger(count, endianness: .big)
                buffer.writeInteger(AMQPBits.pack(global))
            case .consume(let c):
                buffer.writeInteger(UInt16(0), endianness: .big)
                try buffer.writeShortString(c.queue)
                try buffer.writeShortString(c.consumerTag)
                buffer.writeInteger(AMQPBits.pack(c.noLocal, c.noAck, c.exclusive, c.noWait))
                try buffer.writeFieldTable(c.arguments)
            case .consumeOk(let tag), .cancelOk(let tag):
                try buffer.writeShortString(tag)
            case .cancel(let tag, let noWait):
                try buffer.writeShortString(tag)
                buffer.writeInteger(AMQPBits.pack(noWait))
            case .publish(let p):
                buffer.writeInteger(UInt16(0), endianness: .big)
                try buffer.writeShortString(p.exchange)
                try buffer.writeShortString(p.routingKey)
                buffer.writeInteger(AMQPBits.pack(p.mandatory, p.immediate))
            case .return(let r):
                buffer.writeInteger(r.replyCode, endianness: .big)
                try buffer.writeShortString(r.replyText)
                try buffer.writeShortString(r.exchange)
                try buffer.writeShortString(r.routingKey)
            case .deliver(let d):
                try buffer.writeShortString(d.consumerTag)
                buffer.writeInteger(d.deliveryTag, endianness: .big)
                buffer.writeInteger(AMQPBits.pack(d.redelivered))
                try buffer.writeShortString(d.exchange)
                try buffer.writeShortString(d.routingKey)
            case .get(let queue, let noAck):
                buffer.writeInteger(UInt16(0), endianness: .big)
                try buffer.writeShortString(queue)
                buffer.writeInteger(AMQPBits.pack(noAck))
            case .getOk(let g):
                buffer.writeInteger(g.deliveryTag, endianness: .big)
                buffer.writeInteger(AMQPBits.pack(g.redelivered))
                try buffer.writeShortString(g.exchange)
                try buffer.writeShortString(g.routingKey)
                buffer.writeInteger(g.messageCount, endianness: .big)
            case .getEmpty:
                try buffer.writeShortString("")  // reserved-1 (cluster-id)
            case .ack(let tag, let multiple):
                buffer.writeInteger(tag, endianness: .big)
                buffer.writeInteger(AMQPBits.pack(multiple))
            case .reject(let tag, let requeue):
                buffer.writeInteger(tag, endianness: .big)
                buffer.writeInteger(AMQPBits.pack(requeue))
            case .recoverAsync(let requeue), .recover(let requeue):
                buffer.writeInteger(AMQPBits.pack(requeue))
            case .nack(let tag, let multiple, let requeue):
                buffer.writeInteger(tag, endianness: .big)
                buffer.writeInteger(AMQPBits.pack(multiple, requeue))
            case .qosOk, .recoverOk:
                break
            }
        }

        static func decode(methodID: UInt16, from buffer: inout ByteBuffer) throws(AMQPProtocolError) -> Basic {
            switch methodID {
            case 10:
                let size: UInt32 = try buffer.readAMQPInteger("prefetch-size")
                let count: UInt16 = try buffer.readAMQPInteger("prefetch-count")
                let bits: UInt8 = try buffer.readAMQPInteger("global")
                return .qos(prefetchSize: size, prefetchCount: count, global: AMQPBits.bit(0, of: bits))
            case 11: return .qosOk
            case 20:
                let _: UInt16 = try buffer.readAMQPInteger("reserved-1")
                let queue = try buffer.readShortString("queue")
                let tag = try buffer.readShortString("consumer-tag")
                let bits: UInt8 = try buffer.readAMQPInteger("flags")
                return .consume(Consume(
                    queue: queue, consumerTag: tag,
                    noLocal: AMQPBits.bit(0, of: bits), noAck: AMQPBits.bit(1, of: bits),
                    exclusive: AMQPBits.bit(2, of: bits), noWait: AMQPBits.bit(3, of: bits),
                    arguments: try buffer.readFieldTable("arguments")
                ))
            case 21: return .consumeOk(consumerTag: try buffer.readShortString("consumer-tag"))
            case 30:
                let tag = try buffer.readShortString("consumer-tag")
                let bits: UInt8 = try buffer.readAMQPInteger("no-wait")
                return .cancel(consumerTag: tag, noWait: AMQPBits.bit(0, of: bits))
            case 31: return .cancelOk(consumerTag: try buffer.readShortString("consumer-tag"))
            case 40:
                let _: UInt16 = try buffer.readAMQPInteger("reserved-1")
                let exchange = try buffer.readShortString("exchange")
                let routingKey = try buffer.readShortString("routing-key")
                let bits: UInt8 = try buffer.readAMQPInteger("flags")
                return .publish(Publish(
                    exchange: exchange, routingKey: routingKey,
                    mandatory: AMQPBits.bit(0, of: bits), immediate: AMQPBits.bit(1, of: bits)
                ))
            case 50:
                return .return(Return(
                    replyCode: try buffer.readAMQPInteger("reply-code"),
                    replyText: try buffer.readShortString("reply-text"),
                    exchange: try buffer.readShortString("exchange"),
                    routingKey: try buffer.readShortString("routing-key")
                ))
            case 60:
                let tag = try buffer.readShortString("consumer-tag")
                let deliveryTag: UInt64 = try buffer.readAMQPInteger("delivery-tag")
                let bits: UInt8 = try buffer.readAMQPInteger("redelivered")
                return .deliver(Deliver(
                    consumerTag: tag, deliveryTag: deliveryTag, redelivered: AMQPBits.bit(0, of: bits),
                    exchange: try buffer.readShortString("exchange"),
                    routingKey: try buffer.readShortString("routing-key")
                ))
            case 70:
                let _: UInt16 = try buffer.readAMQPInteger("reserved-1")
                let queue = try buffer.readShortString("queue")
                let bits: UInt8 = try buffer.readAMQPInteger("no-ack")
                return .get(queue: queue, noAck: AMQPBits.bit(0, of: bits))
            case 71:
                let deliveryTag: UInt64 = try buffer.readAMQPInteger("delivery-tag")
                let bits: UInt8 = try buffer.readAMQPInteger("redelivered")
                return .getOk(GetOk(
                    deliveryTag: deliveryTag, redelivered: AMQPBits.bit(0, of: bits),
                    exchange: try buffer.readShortString("exchange"),
                    routingKey: try buffer.readShortString("routing-key"),
                    messageCount: try buffer.readAMQPInteger("message-count")
                ))
            case 72:
                _ = try buffer.readShortString("reserved-1")
                return .getEmpty
            case 80:
                let tag: UInt64 = try buffer.readAMQPInteger("delivery-tag")
                let bits: UInt8 = try buffer.readAMQPInteger("multiple")
                return .ack(deliveryTag: tag, multiple: AMQPBits.bit(0, of: bits))
            case 90:
                let tag: UInt64 = try buffer.readAMQPInteger("delivery-tag")
                let bits: UInt8 = try buffer.readAMQPInteger("requeue")
                return .reject(deliveryTag: tag, requeue: AMQPBits.bit(0, of: bits))
            case 100, 110:
                let bits: UInt8 = try buffer.readAMQPInteger("requeue")
                let requeue = AMQPBits.bit(0, of: bits)
                return methodID == 100 ? .recoverAsync(requeue: requeue) : .recover(requeue: requeue)
            case 111: return .recoverOk
            case 120:
                let tag: UInt64 = try buffer.readAMQPInteger("delivery-tag")
                let bits: UInt8 = try buffer.readAMQPInteger("flags")
                return .nack(deliveryTag: tag, multiple: AMQPBits.bit(0, of: bits), requeue: AMQPBits.bit(1, of: bits))
            default: throw .unknownMethod(classID: 60, methodID: methodID)
            }
        }
    }
}
