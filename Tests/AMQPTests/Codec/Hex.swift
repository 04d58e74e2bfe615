@testable import AMQP
import NIOCore

/// Bytes written as hex pairs, spaces and line breaks ignored: `hex("01 00 00 CE")`.
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter { $0.isHexDigit }
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

/// ASCII text as bytes, for readable golden values.
func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

extension AMQPFrameTestSupport {
    static func encode(_ frames: [AMQPFrame]) throws -> [UInt8] {
        var buffer = ByteBuffer()
        for frame in frames { try frame.encode(into: &buffer) }
        return Array(buffer.readableBytesView)
    }

    static func decodeAll(_ bytes: [UInt8], maxFrameSize: UInt32 = 131_072) throws -> [AMQPFrame] {
        var buffer = ByteBuffer(bytes: bytes)
        var frames: [AMQPFrame] = []
        while let frame = try AMQPFrame.decode(from: &buffer, maxFrameSize: maxFrameSize) { frames.append(frame) }
        return frames
    }
}

enum AMQPFrameTestSupport {}
