import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A long-lived AMQP client that keeps one connection up: a ServiceLifecycle `Service`.
///
/// `run()` connects, declares the ``AMQPTopology`` it was given, opens a publishing channel with
/// publisher confirms, and when the connection is lost reconnects with jittered exponential
/// backoff (``AMQPBackoff``) and declares the topology again. Consumers made with
/// ``consume(queue:prefetch:noAck:arguments:)`` resume on every new connection.
///
/// ```swift
/// let client = AMQPClient(configuration: .init(
///     connection: try AMQPConnectionConfiguration(url: "amqp://guest:guest@localhost:5672/"),
///     topology: AMQPTopology(queues: [.init(name: "jobs", arguments: .queueArguments(maxLength: 1000))])))
/// // in a ServiceGroup, or: Task { try await client.run() }
/// try await client.publish("hello", routingKey: "jobs")      // waits for the broker's confirm
/// for try await delivery in client.consume(queue: "jobs", prefetch: 10) { try await delivery.ack() }
/// ```
///
/// - Important: ``run()`` must be running (e.g. inside a `ServiceGroup`) for anything to happen.
public final class AMQPClient: Service, Sendable {
    /// Settings of an ``AMQPClient``.
    public struct Configuration: Sendable {
        /// The broker and connection settings.
        public var connection: AMQPConnectionConfiguration
        /// What to declare after each connect.
        public var topology: AMQPTopology
        /// Delays between reconnect attempts.
        public var backoff: AMQPBackoff
        /// How long a publish waits for a connection before it fails with ``AMQPError/timeout(_:)``.
        public var publishWaitTimeout: Duration
        /// When true (default) publishes wait for the broker's confirm.
        public var publisherConfirms: Bool

        /// Makes a configuration.
        public init(
            connection: AMQPConnectionConfiguration, topology: AMQPTopology = AMQPTopology(),
            backoff: AMQPBackoff = AMQPBackoff(), publishWaitTimeout: Duration = .seconds(10),
            publisherConfirms: Bool = true
        ) {
            self.connection = connection
            self.topology = topology
            self.backoff = backoff
            self.publishWaitTimeout = publishWaitTimeout
            self.publisherConfirms = publisherConfirms
        }
    }

    /// A connection that is up, with its publishing channel.
    struct Live: Sendable {
        var connection: AMQPConnection
        var publishChannel: AMQPChannel
        var generation: Int
    }

    private struct State {
        var live: Live?
        var generation = 0
        var finished = false
        var nextWaiterID = 0
        var waiters: [Int: Waiter] = [:]
    }

    private struct Waiter {
        var newerThan: Int
        var continuation: CheckedContinuation<Result<Live, AMQPError>, Never>
    }

    /// The client's settings.
    public let configuration: Configuration
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    private let state = Mutex(State())
    private let shutdownSignal = AsyncSignal()

    /// Makes a client; nothing connects until ``run()``.
    public init(
        configuration: Configuration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "amqp.client")
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// How many connections the client has made so far (1 after the first connect, +1 per reconnect).
    public var connectionCount: Int { state.withLock { $0.generation } }

    /// True while a connection is up.
    public var isConnected: Bool { state.withLock { $0.live != nil } }

    // MARK: Service

    /// Keeps a connection up until graceful shutdown or cancellation, then closes it.
    /// Transient failures never end it.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await connectionLoop()
            } onCancel: {
                shutdownSignal.fire()
            }
        } onGracefulShutdown: {
            self.shutdownSignal.fire()
        }
    }

    /// Asks ``run()`` to close the connection and return (as graceful shutdown does).
    public func shutdown() {
        shutdownSignal.fire()
    }

    // MARK: publishing

    /// Publishes a message: waits (up to ``Configuration/publishWaitTimeout``) for a connection,
    /// then publishes and, with confirms on, waits for the broker's confirm.
    ///
    /// - Throws: ``AMQPError/timeout(_:)`` when no connection came in time;
    ///   ``AMQPError/publishNacked`` when the broker refused the message; a connection error
    ///   when it was lost before the confirm. In every case the caller may publish again.
    public func publish(
        _ body: ByteBuffer, exchange: String = "", routingKey: String, properties: AMQPProperties = AMQPProperties(),
        mandatory: Bool = false
    ) async throws(AMQPError) {
        try await onPublishChannel { channel throws(AMQPError) in
            try await channel.publish(body, exchange: exchange, routingKey: routingKey, properties: properties, mandatory: mandatory)
        }
    }

    /// Publishes several messages in their order, as ``AMQPChannel/publish(_:)`` does: all are written at once and
    /// the broker's confirms are awaited together, not one round trip per message.
    ///
    /// - Throws: as ``publish(_:exchange:routingKey:properties:mandatory:)``, for the first message in order that
    ///   failed; the caller may publish them all again.
    public func publish(_ messages: [AMQPOutgoingMessage]) async throws(AMQPError) {
        guard !messages.isEmpty else { return }
        try await onPublishChannel { channel throws(AMQPError) in try await channel.publish(messages) }
    }

    /// Runs `publish` on the live connection's publishing channel (waiting for a connection as long as the
    /// configuration allows); a channel the broker closed is replaced for the next publish.
    private func onPublishChannel<T>(_ publish: (AMQPChannel) async throws(AMQPError) -> T) async throws(AMQPError) -> T {
        let live = try await waitForLive(newerThan: 0, timeout: configuration.publishWaitTimeout)
        do {
            return try await publish(live.publishChannel)
        } catch {
            if case .channelClosedByBroker = error {
                await replacePublishChannel(live)
            }
            throw error
        }
    }

    /// The messages ready in `queue` (those `x-max-length` counts), by a passive queue.declare on the publishing
    /// channel: one round trip, and a publisher that counts before it publishes sees its own earlier messages.
    /// - Throws: ``AMQPError/timeout(_:)`` when no connection came in time; a channel error (404) for a missing queue.
    public func readyMessageCount(of queue: String) async throws(AMQPError) -> Int {
        try await onPublishChannel { channel throws(AMQPError) in
            Int(try await channel.queueDeclare(queue, passive: true).messageCount)
        }
    }

    /// Publishes a UTF-8 text body; see ``publish(_:exchange:routingKey:properties:mandatory:)``.
    public func publish(
        _ body: String, exchange: String = "", routingKey: String, properties: AMQPProperties = AMQPProperties(),
        mandatory: Bool = false
    ) async throws(AMQPError) {
        try await publish(ByteBuffer(string: body), exchange: exchange, routingKey: routingKey, properties: properties, mandatory: mandatory)
    }

    // MARK: consuming

    /// Deliveries from `queue` across reconnects: on each new connection the consumer is started
    /// again (new channel, basic.qos with `prefetch`, basic.consume) when the sequence is next
    /// iterated. A delivery from a lost connection cannot be acked any more (its ack throws); the
    /// broker redelivers it.
    ///
    /// The sequence ends when the client shuts down, and throws channel errors such as 404 for a
    /// missing queue.
    public func consume(queue: String, prefetch: UInt16 = 10, noAck: Bool = false, arguments: AMQPTable = [:]) -> AMQPClientConsumer {
        AMQPClientConsumer(client: self, queue: queue, prefetch: prefetch, noAck: noAck, arguments: arguments)
    }

    // MARK: waiting for a connection

    /// Waits until the client is connected (for tests and start-up ordering).
    public func waitUntilConnected(timeout: Duration) async throws(AMQPError) {
        _ = try await waitForLive(newerThan: 0, timeout: timeout)
    }

    /// A live connection whose generation is above `newerThan`, waiting for one if needed.
    func waitForLive(newerThan: Int, timeout: Duration?) async throws(AMQPError) -> Live {
        if let live = state.withLock({ $0.live }), live.generation > newerThan { return live }
        let result: Result<Live, AMQPError>
        if let timeout {
            result = await withTaskGroup(of: Result<Live, AMQPError>.self) { group in
                group.addTask { await self.waitForLiveWithoutTimeout(newerThan: newerThan) }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return .failure(.timeout("waiting \(timeout) for a broker connection"))
                }
                let first = await group.next() ?? .failure(.cancelled)
                group.cancelAll()
                return first
            }
        } else {
            result = await waitForLiveWithoutTimeout(newerThan: newerThan)
        }
        return try result.get()
    }

    private func waitForLiveWithoutTimeout(newerThan: Int) async -> Result<Live, AMQPError> {
        let id = state.withLock { state -> Int in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Live, AMQPError>, Never>) in
                let immediate = state.withLock { state -> Result<Live, AMQPError>? in
                    if let live = state.live, live.generation > newerThan { return .success(live) }
                    if state.finished { return .failure(.connectionClosed) }
                    if Task.isCancelled { return .failure(.cancelled) }
                    state.waiters[id] = Waiter(newerThan: newerThan, continuation: continuation)
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(returning: .failure(.cancelled))
        }
    }

    // MARK: the connection loop

    private func connectionLoop() async {
        var attempt = 0
        while !shutdownSignal.isFired {
            var opened: AMQPConnection?
            do {
                let connection = try await AMQPConnection.connect(
                    configuration: configuration.connection, eventLoopGroup: eventLoopGroup, logger: logger
                )
                opened = connection
                let setup = try await connection.openChannel()
                try await configuration.topology.declare(on: setup)
                try await setup.close()
                let publishChannel = try await openPublishChannel(on: connection)
                let generation = becomeLive(connection: connection, publishChannel: publishChannel)
                attempt = 0
                logger.info("AMQP client connected", metadata: ["amqp.connection_count": "\(generation)"])
                let lost = await waitForCloseOrShutdown(connection)
                clearLive(generation: generation)
                if shutdownSignal.isFired { break }
                logger.warning("AMQP connection lost; reconnecting", metadata: ["error": "\(lost.map { "\($0)" } ?? "closed")"])
            } catch {
                logger.warning("AMQP connect failed", metadata: ["error": "\(error)", "attempt": "\(attempt + 1)"])
                if let opened { await opened.close(timeout: .seconds(2)) }
            }
            if shutdownSignal.isFired { break }
            attempt += 1
            await sleepOrShutdown(configuration.backoff.delay(attempt: attempt))
        }
        finish()
    }

    private func openPublishChannel(on connection: AMQPConnection) async throws(AMQPError) -> AMQPChannel {
        let channel = try await connection.openChannel()
        if configuration.publisherConfirms { try await channel.confirmSelect() }
        return channel
    }

    /// After the broker closed the publishing channel (e.g. 404 for a missing exchange), opens a
    /// new one on the same connection.
    private func replacePublishChannel(_ broken: Live) async {
        guard let replacement = try? await openPublishChannel(on: broken.connection) else { return }
        let replaced = state.withLock { state -> Bool in
            guard var live = state.live, live.generation == broken.generation,
                  live.publishChannel === broken.publishChannel
            else { return false }
            live.publishChannel = replacement
            state.live = live
            return true
        }
        if !replaced { try? await replacement.close() }
    }

    private func becomeLive(connection: AMQPConnection, publishChannel: AMQPChannel) -> Int {
        let (live, ready) = state.withLock { state -> (Live, [CheckedContinuation<Result<Live, AMQPError>, Never>]) in
            state.generation += 1
            let live = Live(connection: connection, publishChannel: publishChannel, generation: state.generation)
            state.live = live
            var ready: [CheckedContinuation<Result<Live, AMQPError>, Never>] = []
            for (id, waiter) in state.waiters where waiter.newerThan < live.generation {
                ready.append(waiter.continuation)
                state.waiters.removeValue(forKey: id)
            }
            return (live, ready)
        }
        for continuation in ready { continuation.resume(returning: .success(live)) }
        return live.generation
    }

    private func clearLive(generation: Int) {
        state.withLock { state in
            if state.live?.generation == generation { state.live = nil }
        }
    }

    private func finish() {
        let waiters = state.withLock { state -> [Waiter] in
            state.finished = true
            state.live = nil
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.continuation.resume(returning: .failure(.connectionClosed)) }
        logger.info("AMQP client stopped")
    }

    private enum Outcome: Sendable {
        case closed(AMQPError?)
        case shutdown
    }

    /// Waits until the connection ends (returning why) or shutdown is asked for (then closes it).
    private func waitForCloseOrShutdown(_ connection: AMQPConnection) async -> AMQPError? {
        await withTaskGroup(of: Outcome.self) { group in
            group.addTask { .closed(await connection.closed()) }
            group.addTask {
                await self.shutdownSignal.wait()
                return .shutdown
            }
            var result: AMQPError?
            switch await group.next() {
            case .shutdown?:
                await connection.close(timeout: .seconds(5))
            case .closed(let error)?:
                result = error
            case nil:
                break
            }
            group.cancelAll()
            while let outcome = await group.next() {
                if case .closed(let error) = outcome, result == nil { result = error }
            }
            return result
        }
    }

    private func sleepOrShutdown(_ delay: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: delay) }
            group.addTask { await self.shutdownSignal.wait() }
            await group.next()
            group.cancelAll()
        }
    }
}
