extension AMQPTable {
    /// The queue overflow behaviours of RabbitMQ (`x-overflow`).
    public enum Overflow: String, Sendable {
        /// Drop (or dead-letter) the oldest messages (the default).
        case dropHead = "drop-head"
        /// Refuse new messages (publishers with confirms get a nack).
        case rejectPublish = "reject-publish"
        /// Refuse new messages and dead-letter the refused ones.
        case rejectPublishDLX = "reject-publish-dlx"
    }

    /// Arguments for queue.declare with RabbitMQ's usual `x-` settings; nil leaves one out.
    ///
    /// ```swift
    /// try await channel.queueDeclare("incoming_messages", durable: true, arguments: .queueArguments(
    ///     messageTTL: .seconds(24 * 3600), maxLength: 10_000, deadLetterExchange: "sauda.dlx"))
    /// ```
    ///
    /// - Parameters:
    ///   - messageTTL: `x-message-ttl`, in whole milliseconds.
    ///   - maxLength: `x-max-length`, in messages.
    ///   - deadLetterExchange: `x-dead-letter-exchange`.
    ///   - deadLetterRoutingKey: `x-dead-letter-routing-key`.
    ///   - overflow: `x-overflow`.
    ///   - queueType: `x-queue-type` ("classic", "quorum", "stream").
    public static func queueArguments(
        messageTTL: Duration? = nil, maxLength: Int64? = nil, deadLetterExchange: String? = nil,
        deadLetterRoutingKey: String? = nil, overflow: Overflow? = nil, queueType: String? = nil
    ) -> AMQPTable {
        var table = AMQPTable()
        if let messageTTL {
            let (seconds, attoseconds) = messageTTL.components
            table["x-message-ttl"] = .int64(seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        }
        if let maxLength { table["x-max-length"] = .int64(maxLength) }
        if let deadLetterExchange { table["x-dead-letter-exchange"] = .string(deadLetterExchange) }
        if let deadLetterRoutingKey { table["x-dead-letter-routing-key"] = .string(deadLetterRoutingKey) }
        if let overflow { table["x-overflow"] = .string(overflow.rawValue) }
        if let queueType { table["x-queue-type"] = .string(queueType) }
        return table
    }
}
