@testable import AMQP
import NIOCore
import NIOTestUtils
import Testing

@Suite struct FrameDecoderVerifierTests {
    /// NIO's verifier feeds the decoder every split of the input (byte by byte, all at once, and
    /// in between) and checks that the same frames come out.
    @Test func decoderPassesNIOsByteToMessageDecoderVerifier() throws {
        let frames = FrameCodecTests.publishFrames + [.heartbeat, .method(0, .connection(.closeOk))]
        let pairs: [(ByteBuffer, [AMQPFrame])] = try frames.map { frame in
            (ByteBuffer(bytes: try AMQPFrameTestSupport.encode([frame])), [frame])
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            AMQPFrameDecoder(maxFrameSize: 131_072)
        }
    }

    @Test func decoderRefusesAServerThatAnswersWithAnotherProtocolHeader() {
        var decoder = AMQPFrameDecoder(maxFrameSize: 131_072)
        var buffer = ByteBuffer(bytes: ascii("AMQP") + [0, 0, 9, 0])
        #expect(throws: AMQPProtocolError.protocolVersionMismatch(ascii("AMQP") + [0, 0, 9, 0])) {
            try decoder.decode(buffer: &buffer)
        }
    }
}
