import NIOCore

/// One AMQP channel: declare topology, publish, consume, acknowledge.
///
/// When the broker closes the channel (e.g. 404 NOT_FOUND, 406 PRECONDITION_FAILED) the
/// waiting call throws ``AMQPError/channelClosedByBroker(_:)`` and every later call on this
/// channel fails; open a new channel — the connection stays usable.
public final class AMQPChannel: Sendable {
    /// The channel number.
    public let id: UInt16
    /// The connection the channel belongs to.
    public let connection: AMQPConnection
    /// Mandatory messages the broker could not route (basic.return); the newest 256 are kept.
    public let returnedMessages: AsyncStream<AMQPReturnedMessage>

    init(id: UInt16, connection: AMQPConnection, returnedMessages: AsyncStream<AMQPReturnedMessage>) {
        self.id = id
        self.connection = connection
        self.returnedMessages = returnedMessages
    }

    // MARK: exchanges

    /// Declares an exchange (exchange.declare), creating it unless it exists with the same settings.
    ///
    /// - Parameters:
    ///   - name: the exchange name.
    ///   - type: "direct", "fanout", "topic", "headers", or a plugin's type such as "x-consistent-hash".
    ///   - passive: only check that it exists (404 if not).
    ///   - arguments: e.g. `["alternate-exchange": "unrouted"]`.
    /// - Throws: ``AMQPError/channelClosedByBroker(_:)`` with 406 when it exists with other settings.
    public func exchangeDeclare(
        _ name: String, type: String = "direct", durable: Bool = false, autoDelete: Bool = false,
        internal: Bool = false, passive: Bool = false, arguments: AMQPTable = [:]
    ) async throws(AMQPError) {
        let declare = AMQPMethod.Exchange.Declare(
            exchange: name, type: type, passive: passive, durable: durable, autoDelete: autoDelete,
            internal: `internal`, arguments: arguments
        )
        _ = try await rpc(.exchange(.declare(declare)))
    }

    /// Deletes an exchange (exchange.delete).
    public func exchangeDelete(_ name: String, ifUnused: Bool = false) async throws(AMQPError) {
        _ = try await rpc(.exchange(.delete(exchange: name, ifUnused: ifUnused, noWait: false)))
    }

    /// Binds exchange `destination` to exchange `source` (RabbitMQ's exchange.bind).
    public func exchangeBind(
        destination: String, source: String, routingKey: String = "", arguments: AMQPTable = [:]
    ) async throws(AMQPError) {
        let bind = AMQPMethod.Exchange.Bind(destination: destination, source: source, routingKey: routingKey, arguments: arguments)
        _ = try await rpc(.exchange(.bind(bind)))
    }

    // MARK: queues

    /// Declares a queue (queue.declare), creating it unless it exists with the same settings.
    ///
    /// - Parameters:
    ///   - name: the queue name; "" lets the broker choose one (returned in the result).
    ///   - arguments: e.g. ``AMQPTable/queueArguments(messageTTL:maxLength:deadLetterExchange:deadLetterRoutingKey:overflow:queueType:)``.
    /// - Returns: the queue's name and its message and consumer counts.
    /// - Throws: ``AMQPError/channelClosedByBroker(_:)`` with 406 PRECONDITION_FAILED when the
    ///   queue exists with other arguments, 404 for a passive declare of a missing queue, 405
    ///   for another connection's exclusive queue.
    @discardableResult
    public func queueDeclare(
        _ name: String = "", durable: Bool = false, exclusive: Bool = false, autoDelete: Bool = false,
        passive: Bool = false, arguments: AMQPTable = [:]
    ) async throws(AMQPError) -> AMQPQueueDeclareResult {
        let declare = AMQPMethod.Queue.Declare(
            queue: name, passive: passive, durable: durable, exclusive: exclusive, autoDelete: autoDelete,
            arguments: arguments
        )
        let reply = try await rpc(.queue(.declare(declare)))
        guard case .reply(.queue(.declareOk(let ok))) = reply else { throw .unexpectedReply("\(reply)") }
        return AMQPQueueDeclareResult(name: ok.queue, messageCount: ok.messageCount, consumerCount: ok.consumerCount)
    }

    /// Binds a queue to an exchange (queue.bind).
    public func queueBind(
        queue: String, exchange: String, routingKey: String = "", arguments: AMQPTable = [:]
    ) async throws(AMQPError) {
        let bind = AMQPMethod.Queue.Bind(queue: queue, exchange: exchange, routingKey: routingKey, arguments: arguments)
        _ = try await rpc(.queue(.bind(bind)))
    }

    /// Removes a binding (queue.unbind).
    public func queueUnbind(
        queue: String, exchange: String, routingKey: String = "", arguments: AMQPTable = [:]
    ) async throws(AMQPError) {
        let bind = AMQPMethod.Queue.Bind(queue: queue, exchange: exchange, routingKey: routingKey, arguments: arguments)
        _ = try await rpc(.queue(.unbind(bind)))
    }

    /// Removes every ready message from a queue (queue.purge) and returns how many there were.
    @discardableResult
    public func queuePurge(_ name: String) async throws(AMQPError) -> UInt32 {
        let reply = try await rpc(.queue(.purge(queue: name, noWait: false)))
        guard case .reply(.queue(.purgeOk(let count))) = reply else { throw .unexpectedReply("\(reply)") }
        return count
    }

    /// Deletes a queue (queue.delete) and returns how many messages it held.
    @discardableResult
    public func queueDelete(_ name: String, ifUnused: Bool = false, ifEmpty: Bool = false) async throws(AMQPError) -> UInt32 {
        let reply = try await rpc(.queue(.delete(queue: name, ifUnused: ifUnused, ifEmpty: ifEmpty, noWait: false)))
        guard case .reply(.queue(.deleteOk(let count))) = reply else { throw .unexpectedReply("\(reply)") }
        return count
    }

    // MARK: consuming

    /// Limits unacknowledged deliveries (basic.qos): the broker sends at most `prefetchCount`
    /// messages to this channel's consumers (per consumer unless `global`) before acks.
    public func basicQos(prefetchCount: UInt16, prefetchSize: UInt32 = 0, global: Bool = false) async throws(AMQPError) {
        _ = try await rpc(.basic(.qos(prefetchSize: prefetchSize, prefetchCount: prefetchCount, global: global)))
    }

    /// Starts a consumer (basic.consume) and returns its deliveries.
    ///
    /// - Parameters:
    ///   - queue: the queue to consume from.
    ///   - consumerTag: a tag, or nil for a generated one.
    ///   - noAck: when true the broker considers messages settled on sending (no ack needed).
    ///   - exclusive: when true no other consumer may consume the queue.
    ///   - arguments: e.g. `["x-priority": 10]`.
    public func consume(
        queue: String, consumerTag: String? = nil, noAck: Bool = false, exclusive: Bool = false,
        arguments: AMQPTable = [:]
    ) async throws(AMQPError) -> AMQPConsumer {
        let (events, continuation) = AsyncStream.makeStream(of: AMQPConnectionHandler.ConsumerEvent.self)
        let channelID = id
        let tag = try await connection.withHandler { handler in
            let tag = consumerTag ?? handler.makeConsumerTag(channel: channelID)
            handler.registerConsumer(channel: channelID, tag: tag, continuation: continuation)
            return tag
        }
        let consume = AMQPMethod.Basic.Consume(
            queue: queue, consumerTag: tag, noAck: noAck, exclusive: exclusive, arguments: arguments
        )
        do {
            _ = try await rpc(.basic(.consume(consume)))
        } catch {
            _ = try? await connection.withHandler { $0.unregisterConsumer(channel: channelID, tag: tag) }
            throw error
        }
        let handler = connection.handler
        let eventLoop = connection.nioChannel.eventLoop
        continuation.onTermination = { @Sendable termination in
            guard case .cancelled = termination else { return }
            // The iterating task went away: stop the broker from sending more.
            eventLoop.execute {
                guard handler.value.hasConsumer(channel: channelID, tag: tag) else { return }
                _ = handler.value.perform { machine, request in
                    machine.sendRPC(channel: channelID, .basic(.cancel(consumerTag: tag, noWait: false)), request: request)
                }
            }
        }
        return AMQPConsumer(consumerTag: tag, channel: self, events: events)
    }

    /// Cancels a consumer (basic.cancel); its sequence ends.
    public func cancel(consumerTag: String) async throws(AMQPError) {
        _ = try await rpc(.basic(.cancel(consumerTag: consumerTag, noWait: false)))
    }

    /// Fetches one message (basic.get), or nil when the queue is empty.
    public func get(queue: String, noAck: Bool = false) async throws(AMQPError) -> AMQPDelivery? {
        let reply = try await rpc(.basic(.get(queue: queue, noAck: noAck)))
        guard case .message(let message) = reply else { throw .unexpectedReply("\(reply)") }
        return message.flatMap { AMQPDelivery($0, channel: self) }
    }

    /// Acknowledges a delivery (basic.ack).
    public func ack(deliveryTag: UInt64, multiple: Bool = false) async throws(AMQPError) {
        try await sendAsync(.basic(.ack(deliveryTag: deliveryTag, multiple: multiple)))
    }

    /// Acknowledges several deliveries (one basic.ack each) in one write: for deliveries settled together that are not
    /// a run of consecutive tags (`multiple` would acknowledge others too).
    public func ack(deliveryTags: [UInt64]) async throws(AMQPError) {
        guard !deliveryTags.isEmpty else { return }
        let channelID = id
        let bodies: [@Sendable (inout ConnectionStateMachine, AMQPRequestID) -> [AMQPAction]] = deliveryTags.map { tag in
            { machine, request in machine.sendAsync(channel: channelID, .basic(.ack(deliveryTag: tag, multiple: false)), request: request) }
        }
        for result in await connection.requests(bodies) {
            if case .failure(let error) = result { throw error }
        }
    }

    /// Negatively acknowledges a delivery (basic.nack), requeueing it by default.
    public func nack(deliveryTag: UInt64, multiple: Bool = false, requeue: Bool = true) async throws(AMQPError) {
        try await sendAsync(.basic(.nack(deliveryTag: deliveryTag, multiple: multiple, requeue: requeue)))
    }

    /// Rejects a delivery (basic.reject); without `requeue` it is dead-lettered or dropped.
    public func reject(deliveryTag: UInt64, requeue: Bool = false) async throws(AMQPError) {
        try await sendAsync(.basic(.reject(deliveryTag: deliveryTag, requeue: requeue)))
    }

    // MARK: publishing

    /// Turns on publisher confirms (confirm.select): from now on ``publish(_:exchange:routingKey:properties:mandatory:)``
    /// returns only when the broker has taken responsibility for the message.
    public func confirmSelect() async throws(AMQPError) {
        _ = try await rpc(.confirm(.select(noWait: false)))
    }

    /// Publishes a message (basic.publish, a content header and body frames split at frame-max).
    ///
    /// With confirms on (``confirmSelect()``) this waits for the broker's basic.ack.
    ///
    /// - Parameters:
    ///   - body: the message body.
    ///   - exchange: the exchange ("" is the default exchange, which routes by queue name).
    ///   - routingKey: the routing key.
    ///   - properties: content type, headers, delivery mode, …
    ///   - mandatory: when true an unroutable message comes back on ``returnedMessages``.
    /// - Throws: ``AMQPError/publishNacked`` when the broker refuses it, or the channel or
    ///   connection error that ended the wait; then the message may or may not have arrived.
    public func publish(
        _ body: ByteBuffer, exchange: String = "", routingKey: String, properties: AMQPProperties = AMQPProperties(),
        mandatory: Bool = false
    ) async throws(AMQPError) {
        let message = AMQPOutgoingMessage(body: body, exchange: exchange, routingKey: routingKey, properties: properties,
                                          mandatory: mandatory)
        _ = try await connection.request(publishRequest(message))
    }

    /// The request that publishes `message` on this channel, once its method and properties are checked.
    /// - Throws: ``AMQPError/invalidArgument(_:)`` for a name or properties the wire cannot carry.
    private func publishRequest(_ message: AMQPOutgoingMessage) throws(AMQPError)
        -> @Sendable (inout ConnectionStateMachine, AMQPRequestID) -> [AMQPAction] {
        let publish = AMQPMethod.Basic.Publish(exchange: message.exchange, routingKey: message.routingKey, mandatory: message.mandatory)
        try Self.validate(.basic(.publish(publish)))
        var scratch = ByteBuffer()
        do {
            try message.properties.encode(into: &scratch)
        } catch {
            throw .invalidArgument("properties: \(error)")
        }
        let (channelID, properties, body) = (id, message.properties, message.body)
        return { machine, request in machine.publish(channel: channelID, publish, properties: properties, body: body, request: request) }
    }

    /// Publishes several messages in their order without waiting for each confirm in turn: every message is written
    /// (one flush), then this waits until the broker confirmed or refused each of them. The broker keeps their order
    /// on this channel.
    ///
    /// - Throws: the first failure in the messages' order (``AMQPError/publishNacked`` when the broker refused one, or
    ///   the channel or connection error that ended the wait), once every message is settled; the messages before it
    ///   were confirmed, the others may or may not have arrived.
    public func publish(_ messages: [AMQPOutgoingMessage]) async throws(AMQPError) {
        guard !messages.isEmpty else { return }
        var bodies: [@Sendable (inout ConnectionStateMachine, AMQPRequestID) -> [AMQPAction]] = []
        bodies.reserveCapacity(messages.count)
        for message in messages { bodies.append(try publishRequest(message)) }
        for result in await connection.requests(bodies) {
            if case .failure(let error) = result { throw error }
        }
    }

    /// Publishes a UTF-8 text body; see ``publish(_:exchange:routingKey:properties:mandatory:)``.
    public func publish(
        _ body: String, exchange: String = "", routingKey: String, properties: AMQPProperties = AMQPProperties(),
        mandatory: Bool = false
    ) async throws(AMQPError) {
        try await publish(ByteBuffer(string: body), exchange: exchange, routingKey: routingKey, properties: properties, mandatory: mandatory)
    }

    /// Publishes a byte body; see ``publish(_:exchange:routingKey:properties:mandatory:)``.
    public func publish(
        _ body: [UInt8], exchange: String = "", routingKey: String, properties: AMQPProperties = AMQPProperties(),
        mandatory: Bool = false
    ) async throws(AMQPError) {
        try await publish(ByteBuffer(bytes: body), exchange: exchange, routingKey: routingKey, properties: properties, mandatory: mandatory)
    }

    // MARK: closing

    /// Closes the channel (channel.close, waiting for close-ok); its consumers end.
    public func close() async throws(AMQPError) {
        let channelID = id
        _ = try await connection.request { machine, request in machine.closeChannel(channelID, request: request) }
    }

    // MARK: private

    private func rpc(_ method: AMQPMethod) async throws(AMQPError) -> AMQPRequestResult {
        try Self.validate(method)
        let channelID = id
        return try await connection.request { machine, request in
            machine.sendRPC(channel: channelID, method, request: request)
        }
    }

    private func sendAsync(_ method: AMQPMethod) async throws(AMQPError) {
        let channelID = id
        _ = try await connection.request { machine, request in
            machine.sendAsync(channel: channelID, method, request: request)
        }
    }

    /// Checks that a method can be encoded (short strings at most 255 bytes) before it is queued.
    static func validate(_ method: AMQPMethod) throws(AMQPError) {
        var scratch = ByteBuffer()
        do {
            try method.encode(into: &scratch)
        } catch {
            throw .invalidArgument("\(error)")
        }
    }
}

/// The answer to queue.declare.
public struct AMQPQueueDeclareResult: Sendable, Hashable {
    /// The queue's name (chosen by the broker when declared with "").
    public var name: String
    /// Ready messages in the queue.
    public var messageCount: UInt32
    /// Consumers of the queue.
    public var consumerCount: UInt32
}
