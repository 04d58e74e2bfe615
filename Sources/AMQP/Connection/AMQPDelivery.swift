import NIOCore

/// A message delivered to a consumer (basic.deliver) or fetched with basic.get.
///
/// Unless it was consumed with `noAck`, settle it exactly once with ``ack(multiple:)``,
/// ``nack(multiple:requeue:)`` or ``reject(requeue:)`` on the channel it came from.
public struct AMQPDelivery: Sendable {
    /// The message body.
    public let body: ByteBuffer
    /// The message properties.
    public let properties: AMQPProperties
    /// The exchange the message was published to ("" for the default exchange).
    public let exchange: String
    /// The routing key the message was published with.
    public let routingKey: String
    /// The channel-scoped tag that ack, nack and reject name.
    public let deliveryTag: UInt64
    /// True when the broker delivered this message before (it was requeued).
    public let redelivered: Bool
    /// The consumer the message was delivered to (nil for basic.get).
    public let consumerTag: String?
    /// For basic.get: the number of messages left in the queue.
    public let messageCount: UInt32?
    /// The channel the message arrived on.
    public let channel: AMQPChannel

    init?(_ message: AMQPIncomingMessage, channel: AMQPChannel) {
        switch message.method {
        case .deliver(let deliver):
            exchange = deliver.exchange
            routingKey = deliver.routingKey
            deliveryTag = deliver.deliveryTag
            redelivered = deliver.redelivered
            consumerTag = deliver.consumerTag
            messageCount = nil
        case .getOk(let getOk):
            exchange = getOk.exchange
            routingKey = getOk.routingKey
            deliveryTag = getOk.deliveryTag
            redelivered = getOk.redelivered
            consumerTag = nil
            messageCount = getOk.messageCount
        case .return:
            return nil
        }
        body = message.body
        properties = message.properties
        self.channel = channel
    }

    /// The body as UTF-8 text.
    public var bodyString: String { String(buffer: body) }

    /// Acknowledges the message (with `multiple`, also every earlier unacknowledged one).
    public func ack(multiple: Bool = false) async throws(AMQPError) {
        try await channel.ack(deliveryTag: deliveryTag, multiple: multiple)
    }

    /// Rejects the message, requeueing it (default) or dead-lettering / dropping it.
    public func nack(multiple: Bool = false, requeue: Bool = true) async throws(AMQPError) {
        try await channel.nack(deliveryTag: deliveryTag, multiple: multiple, requeue: requeue)
    }

    /// Rejects the message; without `requeue` it goes to the queue's dead-letter exchange, if any.
    public func reject(requeue: Bool = false) async throws(AMQPError) {
        try await channel.reject(deliveryTag: deliveryTag, requeue: requeue)
    }
}
