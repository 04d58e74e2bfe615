import NIOCore

/// A message to publish, for publishing several at once (``AMQPChannel/publish(_:)``, ``AMQPClient/publish(_:)``).
public struct AMQPOutgoingMessage: Sendable {
    /// The message body.
    public var body: ByteBuffer
    /// The exchange ("" is the default exchange, which routes by queue name).
    public var exchange: String
    /// The routing key.
    public var routingKey: String
    /// Content type, headers, delivery mode, …
    public var properties: AMQPProperties
    /// When true an unroutable message comes back on ``AMQPChannel/returnedMessages``.
    public var mandatory: Bool

    /// Makes a message.
    public init(body: ByteBuffer, exchange: String = "", routingKey: String, properties: AMQPProperties = AMQPProperties(),
                mandatory: Bool = false) {
        self.body = body
        self.exchange = exchange
        self.routingKey = routingKey
        self.properties = properties
        self.mandatory = mandatory
    }

    /// Makes a message with a UTF-8 text body.
    public init(_ body: String, exchange: String = "", routingKey: String, properties: AMQPProperties = AMQPProperties(),
                mandatory: Bool = false) {
        self.init(body: ByteBuffer(string: body), exchange: exchange, routingKey: routingKey, properties: properties, mandatory: mandatory)
    }
}
