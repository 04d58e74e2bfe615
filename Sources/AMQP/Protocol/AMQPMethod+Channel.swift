import NIOCore

extension AMQPMethod {
    /// Methods of class `channel` (20).
    enum Channel: Sendable, Hashable {
        case open
        case openOk
        case flow(active: Bool)
        case flowOk(active: Bool)
        case close(AMQPCloseReason)
        case closeOk

        var methodID: UInt16 {
            switch self {
            case .open: 10
            case .openOk: 11
            case .flow: 20
            case .flowOk: 21
            case .close: 40
            case .closeOk: 41
            }
        }

        func encodeArguments(into buffer: inout ByteBuffer) throws(AMQPProtocolError) {
            switch self {
            case .open: try buffer.writeShortString("")  // reserved-1 (out-of-band)
            case .openOk: buffer.writeLongString("")  // reserved-1 (channel-id)
            case .flow(let active), .flowOk(let active): buffer.writeInteger(AMQPBits.pack(active))
            case .close(let reason): try AMQPMethod.encodeClose(reason, into: &buffer)
            case .closeOk: break
            }
        }

        static func decode(methodID: UInt16, from buffer: inout ByteBuffer) throws(AMQPProtocolError) -> Channel {
            switch methodID {
            case 10:
                _ = try buffer.readShortString("reserved-1")
                return .open
            case 11:
                _ = try buffer.readLongStringBytes("reserved-1")
                return .openOk
            case 20, 21:
                let bits: UInt8 = try buffer.readAMQPInteger("active")
                let active = AMQPBits.bit(0, of: bits)
                return methodID == 20 ? .flow(active: active) : .flowOk(active: active)
            case 40: return .close(try AMQPMethod.decodeClose(from: &buffer))
            case 41: return .closeOk
            default: throw .unknownMethod(classID: 20, methodID: methodID)
            }
        }
    }
}
