import NIOCore

/// One AMQP 0-9-1 frame: `type(1) channel(2) size(4) payload(size) 0xCE`.
struct AMQPFrame: Sendable, Hashable {
    /// What a frame carries.
    enum Payload: Sendable, Hashable {
        /// Type 1: a method.
        case method(AMQPMethod)
        /// Type 2: a content header.
        case header(AMQPContentHeader)
        /// Type 3: a slice of a message body.
        case body(ByteBuffer)
        /// Type 8: a heartbeat (always on channel 0, empty payload).
        case heartbeat
    }

    /// The channel number (0 for the connection itself).
    var channel: UInt16
    /// The frame's payload.
    var payload: Payload

    /// The octet that ends every frame.
    static let frameEnd: UInt8 = 0xCE
    /// Bytes a frame adds around its payload: type, channel, size and frame-end.
    static let overhead = 8
    /// The smallest frame-max a peer may set (spec: frame-min-size).
    static let minimumFrameMax: UInt32 = 4096

    static let typeMethod: UInt8 = 1
    static let typeHeader: UInt8 = 2
    static let typeBody: UInt8 = 3
    static let typeHeartbeat: UInt8 = 8

    /// A heartbeat frame.
    static let heartbeat = AMQPFrame(channel: 0, payload: .heartbeat)

    /// Makes a method frame.
    static func method(_ channel: UInt16, _ method: AMQPMethod) -> AMQPFrame {
        AMQPFrame(channel: channel, payload: .method(method))
    }

    var typeOctet: UInt8 {
        switch payload {
        case .method: Self.typeMethod
        case .header: Self.typeHeader
        case .body: Self.typeBody
        case .heartbeat: Self.typeHeartbeat
        }
    }

    /// Appends the whole frame to `buffer`.
    func encode(into buffer: inout ByteBuffer) throws(AMQPProtocolError) {
        buffer.writeInteger(typeOctet)
        buffer.writeInteger(channel, endianness: .big)
        let payload = self.payload
        try buffer.writeLengthPrefixed { (buffer: inout ByteBuffer) throws(AMQPProtocolError) in
            switch payload {
            case .method(let method): try method.encode(into: &buffer)
            case .header(let header): try header.encode(into: &buffer)
            case .body(var body): buffer.writeBuffer(&body)
            case .heartbeat: break
            }
        }
        buffer.writeInteger(Self.frameEnd)
    }

    /// Reads one frame from the front of `buffer`.
    ///
    /// - Returns: the frame, or nil (with `buffer` untouched) when the buffer does not yet hold a
    ///   whole frame.
    /// - Throws: ``AMQPProtocolError/frameTooLarge(size:maximum:)`` as soon as the header
    ///   announces a frame larger than `maxFrameSize` (before waiting for its bytes),
    ///   ``AMQPProtocolError/badFrameEnd(_:)`` and the payload errors.
    static func decode(from buffer: inout ByteBuffer, maxFrameSize: UInt32) throws(AMQPProtocolError) -> AMQPFrame? {
        let start = buffer.readerIndex
        guard buffer.readableBytes >= 7,
              let type: UInt8 = buffer.getInteger(at: start),
              let channel: UInt16 = buffer.getInteger(at: start + 1, endianness: .big),
              let size: UInt32 = buffer.getInteger(at: start + 3, endianness: .big)
        else { return nil }
        if maxFrameSize > 0, UInt64(size) + UInt64(overhead) > UInt64(maxFrameSize) {
            throw .frameTooLarge(size: size, maximum: maxFrameSize)
        }
        let total = 7 + Int(size) + 1
        guard buffer.readableBytes >= total else { return nil }
        guard let end: UInt8 = buffer.getInteger(at: start + 7 + Int(size)), end == frameEnd else {
            throw .badFrameEnd(buffer.getInteger(at: start + 7 + Int(size)) ?? 0)
        }
        guard var payloadBytes = buffer.getSlice(at: start + 7, length: Int(size)) else { return nil }
        let payload: Payload
        switch type {
        case typeMethod:
            payload = .method(try AMQPMethod.decode(from: &payloadBytes))
        case typeHeader:
            payload = .header(try AMQPContentHeader.decode(from: &payloadBytes))
        case typeBody:
            payload = .body(payloadBytes)
        case typeHeartbeat:
            guard channel == 0, size == 0 else { throw .invalidHeartbeat }
            payload = .heartbeat
        default:
            throw .unknownFrameType(type)
        }
        buffer.moveReaderIndex(forwardBy: total)
        return AMQPFrame(channel: channel, payload: payload)
    }
}
