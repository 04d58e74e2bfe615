import NIOCore

/// A NIO decoder that turns bytes into ``AMQPFrame``s, enforcing the negotiated maximum frame size.
///
/// An incomplete frame yields nil (NIO waits for more bytes); the size is checked from the
/// frame header before the payload is buffered.
struct AMQPFrameDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = AMQPFrame

    /// The largest frame (payload plus 8 bytes) accepted; 0 means no limit.
    var maxFrameSize: UInt32

    init(maxFrameSize: UInt32) {
        self.maxFrameSize = maxFrameSize
    }

    mutating func decode(buffer: inout ByteBuffer) throws -> AMQPFrame? {
        if let rejection = AMQPProtocolHeader.serverRejection(in: buffer) {
            throw AMQPProtocolError.protocolVersionMismatch(rejection)
        }
        return try AMQPFrame.decode(from: &buffer, maxFrameSize: maxFrameSize)
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> AMQPFrame? {
        try decode(buffer: &buffer)
    }
}
