@testable import AMQP
import NIOCore
import SaudaTestSupport
import Testing

/// The AMQP frame decoder under a bounded fuzzer (`Mutator`): every byte stream from a broker ends in frames, a wait
/// for more bytes, or a typed protocol error, never a crash or an endless loop.
@Suite struct FrameDecoderFuzzTests {
    @Test func everyByteStreamDecodesWaitsOrIsRefused() throws {
        let frames = FrameCodecTests.publishFrames + [.heartbeat, .method(0, .connection(.closeOk))]
        let encoded = try frames.map { try AMQPFrameTestSupport.encode([$0]) }
        // Frames are binary: the mutator serves as the seeded random source, the mutations are on the frames' bytes.
        var random = Mutator(samples: [""])
        for _ in 0..<Mutator.iterations {
            var bytes = encoded[random.below(encoded.count)] + encoded[random.below(encoded.count)]
            for _ in 0...random.below(4) {
                let position = random.below(bytes.count)
                switch random.below(4) {
                case 0: bytes[position] ^= UInt8(1 << random.below(8))
                case 1: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 2: bytes.removeSubrange(position..<min(bytes.count, position + random.below(8) + 1))
                default: bytes.insert(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF], at: position)
                }
                if bytes.isEmpty { bytes = [0xCE] }
            }
            var decoder = AMQPFrameDecoder(maxFrameSize: 4_096)
            var buffer = ByteBuffer(bytes: bytes)
            do {
                while buffer.readableBytes > 0, let frame = try decoder.decode(buffer: &buffer) {
                    _ = frame
                }
            } catch {
                continue
            }
        }
    }
}
