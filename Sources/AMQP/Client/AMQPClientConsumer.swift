/// The deliveries of one queue through an ``AMQPClient``, across reconnects.
///
/// Each time the iterator finds no running consumer (first use, or the connection was lost) it
/// waits for the client's next connection, opens a channel, sets basic.qos and starts
/// basic.consume again. It ends (nil) when the client shuts down.
public struct AMQPClientConsumer: AsyncSequence, Sendable {
    public typealias Element = AMQPDelivery
    public typealias Failure = AMQPError

    let client: AMQPClient
    /// The queue consumed.
    public let queue: String
    /// The basic.qos prefetch count of each consumer channel.
    public let prefetch: UInt16
    /// Whether deliveries need no ack.
    public let noAck: Bool
    /// basic.consume arguments.
    public let arguments: AMQPTable

    /// Makes the iterator; iterate a consumer from one task only.
    public func makeAsyncIterator() -> Iterator {
        Iterator(sequence: self)
    }

    /// Iterates the deliveries, resubscribing after reconnects.
    public struct Iterator: AsyncIteratorProtocol {
        let sequence: AMQPClientConsumer
        var current: AMQPConsumer.Iterator?
        var currentGeneration = 0
        var failedGeneration = 0

        /// The next delivery, nil once the client shut down, or a channel error (e.g. 404).
        public mutating func next() async throws(AMQPError) -> AMQPDelivery? {
            try await next(isolation: nil)
        }

        /// The next delivery, nil once the client shut down, or a channel error (e.g. 404).
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(AMQPError) -> AMQPDelivery? {
            while true {
                if current == nil {
                    let live: AMQPClient.Live
                    do {
                        live = try await sequence.client.waitForLive(newerThan: failedGeneration, timeout: nil)
                    } catch {
                        if case .connectionClosed = error { return nil }  // the client shut down
                        throw error
                    }
                    do {
                        let channel = try await live.connection.openChannel()
                        try await channel.basicQos(prefetchCount: sequence.prefetch)
                        let consumer = try await channel.consume(
                            queue: sequence.queue, noAck: sequence.noAck, arguments: sequence.arguments
                        )
                        current = consumer.makeAsyncIterator()
                        currentGeneration = live.generation
                    } catch where error.isConnectionError {
                        failedGeneration = live.generation
                        continue
                    }
                }
                guard var iterator = current else { continue }
                do {
                    let delivery = try await iterator.next(isolation: actor)
                    current = iterator
                    if let delivery { return delivery }
                    // Ended without error: the channel was closed by this client (shutdown).
                    current = nil
                    failedGeneration = currentGeneration
                } catch where error.isConnectionError {
                    current = nil
                    failedGeneration = currentGeneration
                }
            }
        }
    }
}
