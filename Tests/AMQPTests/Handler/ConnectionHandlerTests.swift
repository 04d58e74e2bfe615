@testable import AMQP
import Logging
import NIOCore
import NIOEmbedded
import Testing

/// The NIO handler over an EmbeddedChannel, with the test playing the broker: real bytes in
/// and out, virtual time for heartbeats, no network.
@Suite struct ConnectionHandlerTests {
    final class Harness {
        let channel = EmbeddedChannel()
        let handler: AMQPConnectionHandler
        var handshake: EventLoopFuture<AMQPRequestResult>?

        init(heartbeat: UInt16) throws {
            let settings = ConnectionStateMachine.Settings(
                username: "guest", password: "guest", virtualHost: "/", channelMax: 0, frameMax: 0, heartbeat: heartbeat,
                clientProperties: [:]
            )
            handler = AMQPConnectionHandler(settings: settings, eventLoop: channel.eventLoop, logger: Logger(label: "test"))
            try channel.pipeline.syncOperations.addHandler(handler)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5672)).wait()
        }

        /// Everything the client wrote so far, decoded (after the protocol header).
        func written() throws -> [AMQPFrame] {
            var frames: [AMQPFrame] = []
            while var buffer = try channel.readOutbound(as: ByteBuffer.self) {
                if buffer.getBytes(at: buffer.readerIndex, length: 4) == Array("AMQP".utf8) {
                    buffer.moveReaderIndex(forwardBy: 8)
                }
                while let frame = try AMQPFrame.decode(from: &buffer, maxFrameSize: 0) { frames.append(frame) }
            }
            return frames
        }

        func brokerSends(_ frames: AMQPFrame...) throws {
            var buffer = ByteBuffer()
            for frame in frames { try frame.encode(into: &buffer) }
            try channel.writeInbound(buffer)
        }

        /// Runs the handshake with a broker that proposes `heartbeat`.
        func handshake(brokerHeartbeat: UInt16) throws -> AMQPNegotiatedParameters? {
            let future = handler.startHandshake(timeout: .seconds(10))
            try brokerSends(.method(0, .connection(.start(.init(serverProperties: [:], mechanisms: "PLAIN", locales: "en_US")))))
            try brokerSends(.method(0, .connection(.tune(.init(channelMax: 2047, frameMax: 131_072, heartbeat: brokerHeartbeat)))))
            try brokerSends(.method(0, .connection(.openOk)))
            guard case .connected(let parameters)? = try? future.wait() else { return nil }
            return parameters
        }
    }

    @Test func handshakeWritesHeaderStartOkTuneOkAndOpen() throws {
        let harness = try Harness(heartbeat: 0)
        let parameters = try harness.handshake(brokerHeartbeat: 0)
        #expect(parameters?.frameMax == 131_072)
        let frames = try harness.written()
        #expect(frames.count == 3)
        guard case .method(.connection(.startOk(let startOk))) = frames.first?.payload else {
            Issue.record("no start-ok")
            return
        }
        #expect(startOk.mechanism == "PLAIN")
        #expect(startOk.response == Array("\u{0}guest\u{0}guest".utf8))
        #expect(frames.last == .method(0, .connection(.open(virtualHost: "/"))))
    }

    @Test func heartbeatsGoOutWhenIdleAndASilentBrokerIsDeclaredDead() throws {
        let harness = try Harness(heartbeat: 1)
        #expect(try harness.handshake(brokerHeartbeat: 60)?.heartbeat == 1)
        _ = try harness.written()
        let closed = harness.handler.closedPromise.futureResult

        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(1))  // handshake traffic counted
        try harness.brokerSends(.heartbeat)
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(1))  // idle: send a heartbeat
        #expect(try harness.written() == [.heartbeat])
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(1))  // 1 silent interval
        #expect(harness.channel.isActive)
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(1))  // 2 silent intervals: dead
        #expect(!harness.channel.isActive)
        #expect(try closed.wait() == .heartbeatTimeout)
    }

    @Test func aFrameLargerThanFrameMaxClosesTheConnectionWithFrameError() throws {
        let harness = try Harness(heartbeat: 0)
        _ = try harness.handshake(brokerHeartbeat: 0)
        _ = try harness.written()
        // A body frame announcing 200 000 bytes, above the negotiated 131 072.
        try harness.channel.writeInbound(ByteBuffer(bytes: [3, 0, 1, 0, 0x03, 0x0D, 0x40]))
        let frames = try harness.written()
        guard case .method(.connection(.close(let reason)))? = frames.first?.payload else {
            Issue.record("no connection.close written: \(frames)")
            return
        }
        #expect(reason.replyCode == AMQPReplyCode.frameError)
        #expect(!harness.channel.isActive)
        #expect(try harness.handler.closedPromise.futureResult.wait() == .protocolViolation(.frameTooLarge(size: 200_000, maximum: 131_072)))
    }
}
