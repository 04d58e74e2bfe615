import NIOCore

/// The deliveries of one consumer (basic.consume), as an async sequence.
///
/// The sequence ends without error when the consumer is cancelled by this client or its
/// channel is closed by this client, and throws ``AMQPError`` when the broker cancels the
/// consumer or closes the channel or connection. Deliveries are buffered without limit, so
/// bound them with ``AMQPChannel/basicQos(prefetchCount:prefetchSize:global:)`` (the broker
/// sends at most that many unacknowledged messages). Dropping or cancelling the iterating task
/// sends basic.cancel.
public struct AMQPConsumer: AsyncSequence, Sendable {
    public typealias Element = AMQPDelivery
    public typealias Failure = AMQPError

    /// The consumer tag.
    public let consumerTag: String
    /// The channel the consumer runs on.
    public let channel: AMQPChannel
    let events: AsyncStream<AMQPConnectionHandler.ConsumerEvent>

    /// Cancels the consumer (basic.cancel); the sequence ends after messages already received.
    public func cancel() async throws(AMQPError) {
        try await channel.cancel(consumerTag: consumerTag)
    }

    /// Makes the iterator; iterate a consumer from one task only.
    public func makeAsyncIterator() -> Iterator {
        Iterator(base: events.makeAsyncIterator(), channel: channel)
    }

    /// Iterates the deliveries.
    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncStream<AMQPConnectionHandler.ConsumerEvent>.Iterator
        let channel: AMQPChannel
        var finished = false

        /// The next delivery, nil at the end, or the error that ended the consumer.
        public mutating func next() async throws(AMQPError) -> AMQPDelivery? {
            try await next(isolation: nil)
        }

        /// The next delivery, nil at the end, or the error that ended the consumer.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(AMQPError) -> AMQPDelivery? {
            while !finished {
                switch await base.next(isolation: actor) {
                case .message(let message)?:
                    if let delivery = AMQPDelivery(message, channel: channel) { return delivery }
                case .ended(let error?)?:
                    finished = true
                    throw error
                case .ended(nil)?, nil:
                    finished = true
                }
            }
            return nil
        }
    }
}
