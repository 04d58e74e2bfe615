import NIOCore

/// The eight bytes a client sends first: "AMQP" 0 0 9 1.
enum AMQPProtocolHeader {
    static let bytes: [UInt8] = [0x41, 0x4D, 0x51, 0x50, 0, 0, 9, 1]

    static func write(into buffer: inout ByteBuffer) {
        buffer.writeBytes(bytes)
    }

    /// A server that does not speak 0-9-1 answers the header with its own header and closes.
    /// Returns the bytes when `buffer` starts with "AMQP" and holds 8 bytes, else nil.
    static func serverRejection(in buffer: ByteBuffer) -> [UInt8]? {
        guard buffer.readableBytes >= 8,
              let bytes = buffer.getBytes(at: buffer.readerIndex, length: 8),
              bytes.starts(with: [0x41, 0x4D, 0x51, 0x50])
        else { return nil }
        return bytes
    }
}
