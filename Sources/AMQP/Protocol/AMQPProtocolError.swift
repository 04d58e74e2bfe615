/// A violation of the AMQP 0-9-1 wire format, found while encoding or decoding frames.
public enum AMQPProtocolError: Error, Sendable, Hashable {
    /// A frame announced a payload larger than the negotiated maximum frame size allows.
    case frameTooLarge(size: UInt32, maximum: UInt32)
    /// A frame did not end with the frame-end octet 0xCE.
    case badFrameEnd(UInt8)
    /// A frame carried a type octet that AMQP 0-9-1 does not define.
    case unknownFrameType(UInt8)
    /// A method frame named a class and method this client does not know.
    case unknownMethod(classID: UInt16, methodID: UInt16)
    /// A field table held a value type octet this client does not know.
    case unknownFieldType(UInt8)
    /// A payload ended before all of its fields were read.
    case truncatedPayload(String)
    /// A short string (at most 255 bytes) was longer than 255 bytes when encoded.
    case shortStringTooLong(String)
    /// A content header named a class other than basic (60).
    case unexpectedContentClass(UInt16)
    /// A heartbeat frame arrived on a channel other than 0, or with a payload.
    case invalidHeartbeat
    /// The server answered the protocol header with another protocol version.
    case protocolVersionMismatch([UInt8])
}
