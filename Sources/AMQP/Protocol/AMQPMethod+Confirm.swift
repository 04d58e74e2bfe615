import NIOCore

extension AMQPMethod {
    /// Methods of class `confirm` (85), RabbitMQ's publisher confirms.
    enum Confirm: Sendable, Hashable {
        case select(noWait: Bool)
        case selectOk

        var methodID: UInt16 {
            switch self {
            case .select: 10
            case .selectOk: 11
            }
        }

        func encodeArguments(into buffer: inout ByteBuffer) {
            switch self {
            case .select(let noWait): buffer.writeInteger(AMQPBits.pack(noWait))
            case .selectOk: break
            }
        }

        static func decode(methodID: UInt16, from buffer: inout ByteBuffer) throws(AMQPProtocolError) -> Confirm {
            switch methodID {
            case 10:
                let bits: UInt8 = try buffer.readAMQPInteger("nowait")
                return .select(noWait: AMQPBits.bit(0, of: bits))
            case 11: return .selectOk
            default: throw .unknownMethod(classID: 85, methodID: methodID)
            }
        }
    }
}
