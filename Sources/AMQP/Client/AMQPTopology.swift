/// Exchanges, queues and bindings that ``AMQPClient`` declares after every (re)connect.
///
/// Declarations are idempotent on the broker, so declaring them again on each connection is
/// safe; a declaration that conflicts with what exists (406) fails the connect attempt.
public struct AMQPTopology: Sendable, Hashable {
    /// An exchange to declare.
    public struct Exchange: Sendable, Hashable {
        public var name: String
        public var type: String
        public var durable: Bool
        public var autoDelete: Bool
        public var `internal`: Bool
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
        public var name: String
        public var durable: Bool
        public var exclusive: Bool
        public var autoDelete: Bool
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
        public var queue: String
        public var exchange: String
        public var routingKey: String
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
