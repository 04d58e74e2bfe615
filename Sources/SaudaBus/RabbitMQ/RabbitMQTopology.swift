import AMQP
import SaudaCore

/// Sauda's exchanges and queues on RabbitMQ.
///
/// The three queues of the earlier Python gateway and agent keep their names and exactly their arguments (durable; TTL
/// 24 h / 1 h / 2 h; maximum length 10 000 / 5 000 / 1 000), so that either of those can declare them too and work with
/// Sauda's other half (docs/compatibility.md): it publishes to and consumes from them through the default exchange.
///
/// Several agents keep each conversation's order through the consistent-hash exchange `sauda.incoming_messages` (the plugin
/// ships with RabbitMQ): Sauda's gateway publishes customer messages there with the conversation as routing key, and
/// each agent binds its own queue `incoming_messages.<agent>` to it, so one conversation always lands in one queue.
/// A message no agent queue takes (no agent has started yet) goes through the alternate exchange to the earlier
/// system's `incoming_messages`, which every agent also consumes. Every queue has a `.dead` queue for its dead letters.
public struct RabbitMQTopology: Sendable, Hashable {
    /// The consistent-hash exchange of customer messages: `sauda.<incoming queue>`.
    public var incomingExchange: String { "sauda." + name(.incoming) }
    /// Where the hash exchange sends what no agent queue is bound to take.
    public var unroutedExchange: String { incomingExchange + ".unrouted" }

    /// This agent's queue, when the process runs the agent.
    public let agentQueue: String?
    let limits: [QueueName: QueueLimits]

    /// Creates the topology of one process.
    /// - Parameters:
    ///   - agentID: the agent's name (letters, digits, `-`, `_`, `.`), or `nil` for a process without the agent.
    ///   - limits: the queues' names and limits.
    public init(agentID: String?, limits: [QueueName: QueueLimits]) {
        self.limits = limits
        self.agentQueue = agentID.map { "\(QueueName.incoming.rawValue).\($0)" }
    }

    func limits(_ queue: QueueName) -> QueueLimits { limits[queue] ?? QueueLimits.seedDefault(for: queue) }

    /// The broker name of a queue.
    public func name(_ queue: QueueName) -> String { limits(queue).name }

    /// The dead-letter queue of a queue.
    public func deadLetterQueue(_ queue: QueueName) -> String { name(queue) + ".dead" }

    /// The arguments a queue is declared with, as the earlier system declares it: `x-message-ttl` and `x-max-length`,
    /// nothing else.
    public func seedArguments(_ queue: QueueName) -> AMQPTable {
        let limits = limits(queue)
        return .queueArguments(messageTTL: .milliseconds(Int64(limits.timeToLive * 1000)), maxLength: Int64(limits.maxLength))
    }

    /// Everything a process declares on each connection.
    public var declarations: AMQPTopology {
        var queues = QueueName.allCases.flatMap { queue in
            [AMQPTopology.Queue(name: name(queue), arguments: seedArguments(queue)),
             AMQPTopology.Queue(name: deadLetterQueue(queue))]
        }
        var bindings = [AMQPTopology.Binding(queue: name(.incoming), exchange: unroutedExchange)]
        if let agentQueue {
            // Its own queue refuses new work when full (the publisher sees a nack and keeps the row in its outbox)
            // and dead-letters what expires, rather than dropping the oldest message silently.
            let incoming = limits(.incoming)
            queues.append(AMQPTopology.Queue(name: agentQueue, arguments: .queueArguments(
                messageTTL: .milliseconds(Int64(incoming.timeToLive * 1000)), maxLength: Int64(incoming.maxLength),
                deadLetterExchange: "", deadLetterRoutingKey: deadLetterQueue(.incoming), overflow: .rejectPublish)))
            bindings.append(AMQPTopology.Binding(queue: agentQueue, exchange: incomingExchange, routingKey: "1"))
        }
        return AMQPTopology(
            exchanges: [
                AMQPTopology.Exchange(name: unroutedExchange, type: "fanout"),
                AMQPTopology.Exchange(name: incomingExchange, type: "x-consistent-hash",
                                      arguments: ["alternate-exchange": .string(unroutedExchange)]),
            ],
            queues: queues, bindings: bindings)
    }

    /// Where a message for a queue is published: exchange and routing key.
    public func route(_ queue: QueueName, partitionKey: String) -> (exchange: String, routingKey: String) {
        switch queue {
        case .incoming: (incomingExchange, partitionKey)
        case .outgoing, .voice: ("", name(queue))
        }
    }

    /// Whether `queue` is published to a queue declared as the earlier system declares it (``seedArguments(_:)``), which
    /// RabbitMQ keeps at its length by dropping the oldest message silently; the customer messages go to the agents'
    /// own queues, which refuse what does not fit.
    public func dropsOldestWhenFull(_ queue: QueueName) -> Bool {
        switch queue {
        case .incoming: false
        case .outgoing, .voice: true
        }
    }

    /// The queues a consumer of `queue` reads: for customer messages the agent's own queue and `incoming_messages`.
    public func consumed(_ queue: QueueName) -> [String] {
        switch queue {
        case .incoming: (agentQueue.map { [$0] } ?? []) + [name(.incoming)]
        case .outgoing, .voice: [name(queue)]
        }
    }
}
