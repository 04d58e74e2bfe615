import NIOCore

extension AMQPMethod {
    /// Methods of class `connection` (10).
    enum Connection: Sendable, Hashable {
        case start(Start)
        case startOk(StartOk)
        case secure(challenge: [UInt8])
        case secureOk(response: [UInt8])
        case tune(Tune)
        case tuneOk(Tune)
        case open(virtualHost: String)
        case openOk
        case close(AMQPCloseReason)
        case closeOk
        case blocked(reason: String)
        case unblocked

        /// `connection.start`: the server's version, properties, auth mechanisms and locales.
        struct Start: Sendable, Hashable {
            var versionMajor: UInt8 = 0
            var versionMinor: UInt8 = 9
            var serverProperties: AMQPTable
            var mechanisms: String
            var locales: String
        }

        /// `connection.start-ok`: the client's properties and its SASL response.
        struct StartOk: Sendable, Hashable {
            var clientProperties: AMQPTable
            var mechanism: String
            var response: [UInt8]
            var locale: String
        }

        /// `connection.tune` / `connection.tune-ok`.
        struct Tune: Sendable, Hashable {
            var channelMax: UInt16
            var frameMax: UInt32
            var heartbeat: UInt16
        }

        var methodID: UInt16 {
            switch self {
            case .start: 10
            case .startOk: 11
            case .secure: 20
            case .secureOk: 21
            case .tune: 30
            case .tuneOk: 31
            case .open: 40
            case .openOk: 41
            case .close: 50
            case .closeOk: 51
            case .blocked: 60
            case .unblocked: 61
            }
        }

        func encodeArguments(into buffer: inout ByteBuffer) throws(AMQPProtocolError) {
            switch self {
            case .start(let s):
                buffer.writeInteger(s.versionMajor)
                buffer.writeInteger(s.versionMinor)
                try buffer.writeFieldTable(s.serverProperties)
                buffer.writeLongString(s.mechanisms)
                buffer.writeLongString(s.locales)
            case .startOk(let s):
                try buffer.writeFieldTable(s.clientProperties)
                try buffer.writeShortString(s.mechanism)
                buffer.writeLongStringBytes(s.response)
                try buffer.writeShortString(s.locale)
            case .secure(let challenge):
                buffer.writeLongStringBytes(challenge)
            case .secureOk(let response):
                buffer.writeLongStringBytes(response)
            case .tune(let t), .tuneOk(let t):
                buffer.writeInteger(t.channelMax, endianness: .big)
                buffer.writeInteger(t.frameMax, endianness: .big)
                buffer.writeInteger(t.heartbeat, endianness: .big)
            case .open(let virtualHost):
                try buffer.writeShortString(virtualHost)
                try buffer.writeShortString("")  // reserved-1 (capabilities)
                buffer.writeInteger(UInt8(0))  // reserved-2 (insist)
            case .openOk:
                try buffer.writeShortString("")  // reserved-1 (known-hosts)
            case .close(let reason):
                try AMQPMethod.encodeClose(reason, into: &buffer)
            case .closeOk, .unblocked:
                break
            case .blocked(let reason):
                try buffer.writeShortString(reason)
            }
        }

        static func decode(methodID: UInt16, from buffer: inout ByteBuffer) throws(AMQPProtocolError) -> Connection {
            switch methodID {
            case 10:
                return .start(Start(
                    versionMajor: try buffer.readAMQPInteger("version-major"),
                    versionMinor: try buffer.readAMQPInteger("version-minor"),
                    serverProperties: try buffer.readFieldTable("server-properties"),
                    mechanisms: try buffer.readLongString("mechanisms"),
                    locales: try buffer.readLongString("locales")
                ))
            case 11:
                return .startOk(StartOk(
                    clientProperties: try buffer.readFieldTable("client-properties"),
                    mechanism: try buffer.readShortString("mechanism"),
                    response: try buffer.readLongStringBytes("response"),
                    locale: try buffer.readShortString("locale")
                ))
            case 20: return .secure(challenge: try buffer.readLongStringBytes("challenge"))
            case 21: return .secureOk(response: try buffer.readLongStringBytes("response"))
            case 30, 31:
                let tune = Tune(
                    channelMax: try buffer.readAMQPInteger("channel-max"),
                    frameMax: try buffer.readAMQPInteger("frame-max"),
                    heartbeat: try buffer.readAMQPInteger("heartbeat")
                )
                return methodID == 30 ? .tune(tune) : .tuneOk(tune)
            case 40:
                let virtualHost = try buffer.readShortString("virtual-host")
                _ = try buffer.readShortString("reserved-1")
                let _: UInt8 = try buffer.readAMQPInteger("reserved-2")
                return .open(virtualHost: virtualHost)
            case 41:
                _ = try buffer.readShortString("reserved-1")
                return .openOk
            case 50: return .close(try AMQPMethod.decodeClose(from: &buffer))
            case 51: return .closeOk
            case 60: return .blocked(reason: try buffer.readShortString("reason"))
            case 61: return .unblocked
            default: throw .unknownMethod(classID: 10, methodID: methodID)
            }
        }
    }
}
