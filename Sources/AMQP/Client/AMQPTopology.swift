/// Exchanges, queues and bindings that ``AMQPClient`` declares after every (re)connect.
///
/// Declarations are idempotent on the broker, so declaring them again on each connection is
/// safe; a declaration that conflicts with what exists (406) fails the connect attempt.
public struct AMQPTopology: Sendable, Hashable {
    /// An exchange to declare.
    public struct Exchange: Sendable, Hashable {
        /// The exchange name.
        public var name: String
        /// "direct", "fanout", "topic", "headers" or a plugin type such as "x-consistent-hash".
        public var type: String
        /// Whether it survives a broker restart.
        public var durable: Bool
        /// Whether it is deleted when its last binding goes.
        public var autoDelete: Bool
        /// Whether only other exchanges may publish to it.
        public var `internal`: Bool
        /// exchange.declare arguments (e.g. "alternate-exchange").
        public var arguments: AMQPTable

        /// Describes an exchange; see ``AMQPChannel/exchangeDeclare(_:type:durable:autoDelete:internal:passive:arguments:)``.
        public init(
            name: String, type: String = "direct", durable: Bool = true, autoDelete: Bool = false,
            internal: Bool = false, arguments: AMQPTable = [:]
        ) {
            self.name = name
            self.type = type
            self.durable = durable
            self.autoDelete = autoDelete
            self.internal = `internal`
            self.arguments = arguments
        }
    }

    /// A queue to declare (with a fixed name: a server-named queue would change name on reconnect).
    public struct Queue: Sendable, Hashable {
        /// The queue name.
        public var name: String
        /// Whether it survives a broker restart.
        public var durable: Bool
        /// Whether only the declaring connection may use it (deleted with it).
        public var exclusive: Bool
        /// Whether it is deleted when its last consumer goes.
        public var autoDelete: Bool
        /// queue.declare arguments, e.g. ``AMQPTable/queueArguments(messageTTL:maxLength:deadLetterExchange:deadLetterRoutingKey:overflow:queueType:)``.
        public var arguments: AMQPTable

        /// Describes a queue; see ``AMQPChannel/queueDeclare(_:durable:exclusive:autoDelete:passive:arguments:)``.
        public init(
            name: String, durable: Bool = true, exclusive: Bool = false, autoDelete: Bool = false,
            arguments: AMQPTable = [:]
        ) {
            self.name = name
            self.durable = durable
            self.exclusive = exclusive
            self.autoDelete = autoDelete
            self.arguments = arguments
        }
    }

    /// A queue-to-exchange binding to declare.
    public struct Binding: Sendable, Hashable {
        /// The queue bound.
        public var queue: String
        /// The exchange it is bound to.
        public var exchange: String
        /// The binding key.
        public var routingKey: String
        /// queue.bind arguments (e.g. for a headers exchange).
        public var arguments: AMQPTable

        /// Describes a binding; see ``AMQPChannel/queueBind(queue:exchange:routingKey:arguments:)``.
        public init(queue: String, exchange: String, routingKey: String = "", arguments: AMQPTable = [:]) {
            self.queue = queue
            self.exchange = exchange
            self.routingKey = routingKey
            self.arguments = arguments
        }
    }

    /// Exchanges, declared first.
    public var exchanges: [Exchange]
    /// Queues, declared second.
    public var queues: [Queue]
    /// Bindings, declared last.
    public var bindings: [Binding]

    /// Makes a topology.
    public init(exchanges: [Exchange] = [], queues: [Queue] = [], bindings: [Binding] = []) {
        self.exchanges = exchanges
        self.queues = queues
        self.bindings = bindings
    }

    /// Declares everything on one channel, in order: exchanges, queues, bindings.
    public func declare(on channel: AMQPChannel) async throws(AMQPError) {
        for exchange in exchanges {
            try await channel.exchangeDeclare(
                exchange.name, type: exchange.type, durable: exchange.durable, autoDelete: exchange.autoDelete,
                internal: exchange.internal, arguments: exchange.arguments
            )
        }
        for queue in queues {
            try await channel.queueDeclare(
                queue.name, durable: queue.durable, exclusive: queue.exclusive, autoDelete: queue.autoDelete,
                arguments: queue.arguments
            )
        }
        for binding in bindings {
            try await channel.queueBind(
                queue: binding.queue, exchange: binding.exchange, routingKey: binding.routingKey,
                arguments: binding.arguments
            )
        }
    }
}
