import Logging
import NIOCore
import NIOPosix

/// One connection to an AMQP 0-9-1 broker (RabbitMQ), with its channels.
///
/// ```swift
/// let connection = try await AMQPConnection.connect(url: "amqp://guest:guest@localhost:5672/")
/// let channel = try await connection.openChannel()
/// try await channel.queueDeclare("jobs", durable: true)
/// try await channel.publish("hello", routingKey: "jobs")
/// try await connection.close()
/// ```
///
/// - Important: a connection does not reconnect; ``AMQPClient`` does.
public final class AMQPConnection: Sendable {
    /// The values agreed with the broker (channel-max, frame-max, heartbeat, server properties).
    public let parameters: AMQPNegotiatedParameters
    let nioChannel: any Channel
    let handler: NIOLoopBound<AMQPConnectionHandler>
    let logger: Logger

    private init(
        parameters: AMQPNegotiatedParameters, nioChannel: any Channel,
        handler: NIOLoopBound<AMQPConnectionHandler>, logger: Logger
    ) {
        self.parameters = parameters
        self.nioChannel = nioChannel
        self.handler = handler
        self.logger = logger
    }

    /// Connects and runs the handshake (PLAIN authentication, tune, open).
    ///
    /// - Parameters:
    ///   - url: `amqp://user:pass@host:port/vhost`, see ``AMQPConnectionConfiguration/init(url:)``.
    ///   - eventLoopGroup: the NIO event loops to use (default: the shared singleton).
    ///   - logger: where the connection logs.
    /// - Throws: ``AMQPError/invalidURL(_:)`` for a bad URL, else as ``connect(configuration:eventLoopGroup:logger:)``.
    public static func connect(
        url: String, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "amqp")
    ) async throws(AMQPError) -> AMQPConnection {
        let configuration: AMQPConnectionConfiguration
        do {
            configuration = try AMQPConnectionConfiguration(url: url)
        } catch {
            throw .invalidURL(error)
        }
        return try await connect(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
    }

    /// Connects and runs the handshake (PLAIN authentication, tune, open).
    ///
    /// - Throws: ``AMQPError/connectFailed(_:)`` when TCP fails,
    ///   ``AMQPError/connectionClosedByBroker(_:)`` for refused credentials (403) or an unknown
    ///   virtual host (530), ``AMQPError/timeout(_:)`` when the handshake takes longer than
    ///   ``AMQPConnectionConfiguration/connectTimeout``.
    public static func connect(
        configuration: AMQPConnectionConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "amqp")
    ) async throws(AMQPError) -> AMQPConnection {
        var logger = logger
        logger[metadataKey: "amqp.broker"] = "\(configuration.host):\(configuration.port)"
        let timeout = TimeAmount(configuration.connectTimeout)
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        let nioChannel: any Channel
        do {
            nioChannel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw .connectFailed("\(configuration.host):\(configuration.port): \(error)")
        }
        let settings = ConnectionStateMachine.Settings(
            username: configuration.username, password: configuration.password,
            virtualHost: configuration.virtualHost, channelMax: configuration.channelMax,
            frameMax: configuration.frameMax, heartbeat: configuration.heartbeat,
            clientProperties: clientProperties(connectionName: configuration.connectionName)
        )
        let loggerCopy = logger
        let handshake = nioChannel.eventLoop.flatSubmit {
            () -> EventLoopFuture<(NIOLoopBound<AMQPConnectionHandler>, AMQPNegotiatedParameters)> in
            let handler = AMQPConnectionHandler(settings: settings, eventLoop: nioChannel.eventLoop, logger: loggerCopy)
            do {
                try nioChannel.pipeline.syncOperations.addHandler(handler)
            } catch {
                return nioChannel.eventLoop.makeFailedFuture(error)
            }
            let bound = NIOLoopBound(handler, eventLoop: nioChannel.eventLoop)
            return handler.startHandshake(timeout: timeout).flatMapThrowing { result in
                guard case .connected(let parameters) = result else { throw AMQPError.unexpectedReply("\(result)") }
                return (bound, parameters)
            }
        }
        do {
            let (handler, parameters) = try await handshake.get()
            logger.debug("AMQP connection open", metadata: [
                "amqp.frame_max": "\(parameters.frameMax)", "amqp.heartbeat": "\(parameters.heartbeat)",
            ])
            return AMQPConnection(parameters: parameters, nioChannel: nioChannel, handler: handler, logger: logger)
        } catch {
            nioChannel.close(promise: nil)
            throw AMQPError(error)
        }
    }

    /// The client properties sent in connection.start-ok, with the capabilities this client has.
    static func clientProperties(connectionName: String?) -> AMQPTable {
        var properties: AMQPTable = [
            "product": "sauda-amqp",
            "version": "0.1.0",
            "platform": "Swift",
            "information": "AMQP 0-9-1 client on SwiftNIO",
            "capabilities": [
                "publisher_confirms": true,
                "consumer_cancel_notify": true,
                "basic.nack": true,
                "connection.blocked": true,
                "exchange_exchange_bindings": true,
                "authentication_failure_close": true,
                "per_consumer_qos": true,
            ],
        ]
        if let connectionName { properties["connection_name"] = .string(connectionName) }
        return properties
    }

    /// Opens a new channel on the lowest free channel number.
    ///
    /// - Throws: ``AMQPError/channelLimitReached(_:)``, or a connection error.
    public func openChannel() async throws(AMQPError) -> AMQPChannel {
        let result = try await request { machine, request in machine.openChannel(request: request) }
        guard case .channelOpened(let id) = result else { throw .unexpectedReply("\(result)") }
        let (returns, continuation) = AsyncStream.makeStream(of: AMQPReturnedMessage.self, bufferingPolicy: .bufferingNewest(256))
        let handler = self.handler
        nioChannel.eventLoop.execute { handler.value.registerReturns(channel: id, continuation: continuation) }
        return AMQPChannel(id: id, connection: self, returnedMessages: returns)
    }

    /// Closes the connection: sends connection.close and waits for close-ok. Every channel's
    /// waiting calls fail with ``AMQPError/connectionClosed`` and consumers end.
    ///
    /// Closing a connection that is already over does nothing.
    public func close() async throws(AMQPError) {
        do {
            _ = try await request { machine, request in machine.close(request: request) }
        } catch {
            switch error {
            case .connectionClosed, .connectionLost, .connectionClosedByBroker, .heartbeatTimeout:
                return  // already over
            default:
                throw error
            }
        }
        _ = await closed()
    }

    /// Closes the connection like ``close()``, but never waits longer than `timeout` for the
    /// broker's close-ok: then the TCP connection is closed anyway. Never throws.
    public func close(timeout: Duration) async {
        let channel = nioChannel
        let scheduled = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) { channel.close(promise: nil) }
        _ = try? await close()
        scheduled.cancel()
    }

    /// Waits until the connection is over.
    ///
    /// - Returns: nil when this client closed it, else why it ended (lost TCP connection,
    ///   missed heartbeats, close by the broker).
    public func closed() async -> AMQPError? {
        let handler = self.handler
        let future = nioChannel.eventLoop.flatSubmit { handler.value.closedPromise.futureResult }
        do {
            return try await future.get()
        } catch {
            return AMQPError(error)
        }
    }

    /// True until the connection is over.
    public var isOpen: Bool { nioChannel.isActive }

    /// Runs one request through the handler's state machine on the event loop.
    func request(
        _ body: @escaping @Sendable (inout ConnectionStateMachine, AMQPRequestID) -> [AMQPAction]
    ) async throws(AMQPError) -> AMQPRequestResult {
        let handler = self.handler
        let future = nioChannel.eventLoop.flatSubmit { handler.value.perform(body) }
        do {
            return try await future.get()
        } catch {
            throw AMQPError(error)
        }
    }

    /// Runs several requests through the handler's state machine in one turn of the event loop, in order (their
    /// frames go out in that order with one flush), and waits for every one of them.
    /// - Returns: each request's outcome, in the order of `bodies`.
    func requests(
        _ bodies: [@Sendable (inout ConnectionStateMachine, AMQPRequestID) -> [AMQPAction]]
    ) async -> [Result<AMQPRequestResult, AMQPError>] {
        let handler = self.handler
        let futures = nioChannel.eventLoop.submit { handler.value.performAll(bodies) }
        let started: [EventLoopFuture<AMQPRequestResult>]
        do {
            started = try await futures.get()
        } catch {
            return Array(repeating: .failure(AMQPError(error)), count: bodies.count)
        }
        var results: [Result<AMQPRequestResult, AMQPError>] = []
        results.reserveCapacity(started.count)
        for future in started {
            do {
                results.append(.success(try await future.get()))
            } catch {
                results.append(.failure(AMQPError(error)))
            }
        }
        return results
    }

    /// Runs code on the event loop with the handler.
    func withHandler<T: Sendable>(_ body: @escaping @Sendable (AMQPConnectionHandler) -> T) async throws(AMQPError) -> T {
        let handler = self.handler
        do {
            return try await nioChannel.eventLoop.submit { body(handler.value) }.get()
        } catch {
            throw AMQPError(error)
        }
    }
}

extension AMQPError {
    /// Wraps any error from NIO or the state machine as an ``AMQPError``.
    init(_ error: any Error) {
        switch error {
        case let error as AMQPError: self = error
        case let error as AMQPProtocolError: self = .protocolViolation(error)
        case is CancellationError: self = .cancelled
        default: self = .connectionLost("\(error)")
        }
    }
}

extension TimeAmount {
    /// The same span as a Swift `Duration`, to the nanosecond.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
