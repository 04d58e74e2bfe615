import Logging
import NIOCore

/// The channel handler that runs a ``ConnectionStateMachine`` on the connection's event loop:
/// it decodes frames, feeds events to the state machine and carries out the actions (writes,
/// completing promises, feeding consumer streams, heartbeats, closing the socket).
///
/// Every method must be called on the channel's event loop.
final class AMQPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What a consumer stream receives.
    enum ConsumerEvent: Sendable {
        case message(AMQPIncomingMessage)
        case ended(AMQPError?)
    }

    struct ConsumerKey: Hashable {
        var channel: UInt16
        var tag: String
    }

    private var stateMachine: ConnectionStateMachine
    private var context: ChannelHandlerContext?
    private var inbound: ByteBuffer?
    private var maxFrameSize: UInt32
    private var nextRequestID: AMQPRequestID = 1
    private var promises: [AMQPRequestID: EventLoopPromise<AMQPRequestResult>] = [:]
    private var consumers: [ConsumerKey: AsyncStream<ConsumerEvent>.Continuation] = [:]
    private var returns: [UInt16: AsyncStream<AMQPReturnedMessage>.Continuation] = [:]
    private var heartbeatTimer: Scheduled<Void>?
    /// While true (inside ``performAll(_:)``) frames are written without a flush; the batch flushes once.
    private var deferringFlush = false
    private var handshakeTimer: Scheduled<Void>?
    private let logger: Logger
    /// Completes when the connection is over, with nil for a clean close by this client.
    let closedPromise: EventLoopPromise<AMQPError?>
    /// Called on the event loop when the broker blocks (true) or unblocks (false) publishing.
    var onBlocked: ((Bool) -> Void)?

    init(settings: ConnectionStateMachine.Settings, eventLoop: any EventLoop, logger: Logger) {
        self.stateMachine = ConnectionStateMachine(settings: settings)
        self.maxFrameSize = 131_072
        self.logger = logger
        self.closedPromise = eventLoop.makePromise(of: AMQPError?.self)
    }

    // MARK: ChannelHandler

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if inbound == nil || inbound?.readableBytes == 0 {
            inbound = bytes
        } else {
            inbound?.writeBuffer(&bytes)
        }
        guard var buffer = inbound else { return }
        inbound = nil
        do {
            if let rejection = AMQPProtocolHeader.serverRejection(in: buffer) {
                throw AMQPProtocolError.protocolVersionMismatch(rejection)
            }
            while let frame = try AMQPFrame.decode(from: &buffer, maxFrameSize: maxFrameSize) {
                logger.trace("AMQP frame in", metadata: ["amqp.channel": "\(frame.channel)", "amqp.frame": "\(frame.typeOctet)"])
                run(stateMachine.frameReceived(frame))
            }
        } catch let error as AMQPProtocolError {
            logger.error("AMQP bytes from the broker could not be decoded", metadata: ["error": "\(error)"])
            run(stateMachine.errorCaught(.protocolViolation(error)))
            return
        } catch {
            run(stateMachine.errorCaught(.connectionLost("\(error)")))
            return
        }
        if buffer.readableBytes > 0 {
            buffer.discardReadBytes()
            inbound = buffer
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        run(stateMachine.channelInactive())
        finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("AMQP connection error", metadata: ["error": "\(error)"])
        run(stateMachine.errorCaught(.connectionLost("\(error)")))
    }

    // MARK: requests (on the event loop)

    /// Starts the handshake; the future completes when connection.open-ok arrives.
    func startHandshake(timeout: TimeAmount) -> EventLoopFuture<AMQPRequestResult> {
        let future = perform { machine, request in machine.start(request: request) }
        if let context {
            handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                self.handshakeTimedOut()
            }
        }
        future.assumeIsolated().whenComplete { _ in self.handshakeTimer?.cancel() }
        return future
    }

    /// Runs one request through the state machine; the future completes when the state machine
    /// says so.
    func perform(
        _ body: (inout ConnectionStateMachine, AMQPRequestID) -> [AMQPAction]
    ) -> EventLoopFuture<AMQPRequestResult> {
        guard let context else {
            return closedPromise.futureResult.eventLoop.makeFailedFuture(AMQPError.connectionClosed)
        }
        let request = nextRequestID
        nextRequestID += 1
        let promise = context.eventLoop.makePromise(of: AMQPRequestResult.self)
        promises[request] = promise
        run(body(&stateMachine, request))
        return promise.futureResult
    }

    /// Runs several requests as ``perform(_:)`` does, in order, and flushes their frames once at the end.
    func performAll(
        _ bodies: [@Sendable (inout ConnectionStateMachine, AMQPRequestID) -> [AMQPAction]]
    ) -> [EventLoopFuture<AMQPRequestResult>] {
        deferringFlush = true
        let futures = bodies.map { perform($0) }
        deferringFlush = false
        context?.flush()
        return futures
    }

    /// Registers the stream a consumer's deliveries go to, before basic.consume is sent.
    func registerConsumer(channel: UInt16, tag: String, continuation: AsyncStream<ConsumerEvent>.Continuation) {
        consumers[ConsumerKey(channel: channel, tag: tag)] = continuation
    }

    /// Drops a consumer's stream (basic.consume failed).
    func unregisterConsumer(channel: UInt16, tag: String) {
        consumers.removeValue(forKey: ConsumerKey(channel: channel, tag: tag))?.finish()
    }

    /// True while a consumer stream is registered.
    func hasConsumer(channel: UInt16, tag: String) -> Bool {
        consumers[ConsumerKey(channel: channel, tag: tag)] != nil
    }

    /// Registers the stream that returned (unroutable mandatory) messages of a channel go to.
    func registerReturns(channel: UInt16, continuation: AsyncStream<AMQPReturnedMessage>.Continuation) {
        returns[channel] = continuation
    }

    // MARK: actions

    private func run(_ actions: [AMQPAction]) {
        for action in actions {
            switch action {
            case .sendProtocolHeader:
                guard let context else { continue }
                var buffer = context.channel.allocator.buffer(capacity: 8)
                AMQPProtocolHeader.write(into: &buffer)
                context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            case .send(let frames):
                write(frames)
            case .tuned(let parameters):
                maxFrameSize = parameters.frameMax
                scheduleHeartbeat(seconds: parameters.heartbeat)
            case .succeed(let request, let result):
                promises.removeValue(forKey: request)?.succeed(result)
            case .fail(let request, let error):
                promises.removeValue(forKey: request)?.fail(error)
            case .deliver(let channel, let tag, let message):
                if let continuation = consumers[ConsumerKey(channel: channel, tag: tag)] {
                    continuation.yield(.message(message))
                }
            case .consumerEnded(let channel, let tag, let error):
                if let continuation = consumers.removeValue(forKey: ConsumerKey(channel: channel, tag: tag)) {
                    continuation.yield(.ended(error))
                    continuation.finish()
                }
            case .returned(let channel, let message):
                if let returned = AMQPReturnedMessage(message) {
                    returns[channel]?.yield(returned)
                } else {
                    logger.debug("AMQP returned message without basic.return")
                }
            case .blocked(let reason):
                logger.warning("AMQP broker blocked publishing", metadata: ["reason": "\(reason)"])
                onBlocked?(true)
            case .unblocked:
                logger.info("AMQP broker unblocked publishing")
                onBlocked?(false)
            case .closed(let error):
                if let error {
                    logger.debug("AMQP connection ended", metadata: ["error": "\(error)"])
                }
                heartbeatTimer?.cancel()
                heartbeatTimer = nil
                reportClosed(error)
            case .closeSocket:
                context?.close(promise: nil)
            }
        }
        // Returns streams of channels that are gone.
        for channel in returns.keys where stateMachine.channels[channel] == nil && stateMachine.negotiated != nil {
            returns.removeValue(forKey: channel)?.finish()
        }
    }

    private func write(_ frames: [AMQPFrame]) {
        guard let context else { return }
        var size = 0
        for frame in frames { size += AMQPFrame.overhead + 64 + frame.bodySize }
        var buffer = context.channel.allocator.buffer(capacity: size)
        do {
            for frame in frames { try frame.encode(into: &buffer) }
        } catch {
            // Arguments are validated before requests reach the state machine; this is a bug.
            logger.error("AMQP frame could not be encoded", metadata: ["error": "\(error)"])
            run(stateMachine.errorCaught(.protocolViolation(error)))
            return
        }
        if deferringFlush {
            context.write(wrapOutboundOut(buffer), promise: nil)
        } else {
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
    }

    private func scheduleHeartbeat(seconds: UInt16) {
        heartbeatTimer?.cancel()
        guard seconds > 0, let context else { return }
        heartbeatTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(Int64(seconds))) {
            self.run(self.stateMachine.heartbeatTick())
            if self.heartbeatTimer != nil { self.scheduleHeartbeat(seconds: seconds) }
        }
    }

    private func handshakeTimedOut() {
        switch stateMachine.state {
        case .initial, .awaitingStart, .awaitingTune, .awaitingOpenOk:
            run(stateMachine.errorCaught(.timeout("the AMQP handshake")))
        case .open, .closing, .closed:
            break
        }
    }

    /// Fails whatever is left once the channel is gone.
    private func finish() {
        heartbeatTimer?.cancel()
        heartbeatTimer = nil
        for (_, promise) in promises { promise.fail(AMQPError.connectionLost("connection closed")) }
        promises.removeAll()
        for (_, continuation) in consumers {
            continuation.yield(.ended(.connectionLost("connection closed")))
            continuation.finish()
        }
        consumers.removeAll()
        for (_, continuation) in returns { continuation.finish() }
        returns.removeAll()
        reportClosed(.connectionLost("connection closed"))
    }

    private var closedReported = false

    private func reportClosed(_ error: AMQPError?) {
        guard !closedReported else { return }
        closedReported = true
        closedPromise.succeed(error)
    }

    private var consumerTagCounter = 0

    /// A consumer tag unique on this connection.
    func makeConsumerTag(channel: UInt16) -> String {
        consumerTagCounter += 1
        return "amqp-swift.\(channel).\(consumerTagCounter)"
    }
}

@available(*, unavailable)
extension AMQPConnectionHandler: Sendable {}
