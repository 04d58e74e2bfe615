import NIOCore

/// A mandatory message the broker could not route and sent back (basic.return).
public struct AMQPReturnedMessage: Sendable, Hashable {
    /// Why it came back, e.g. 312 NO_ROUTE.
    public var replyCode: UInt16
    /// The broker's text, e.g. "NO_ROUTE".
    public var replyText: String
    /// The exchange it was published to.
    public var exchange: String
    /// The routing key it was published with.
    public var routingKey: String
    /// Its properties.
    public var properties: AMQPProperties
    /// Its body.
    public var body: ByteBuffer

    init?(_ message: AMQPIncomingMessage) {
        guard case .return(let method) = message.method else { return nil }
        replyCode = method.replyCode
        replyText = method.replyText
        exchange = method.exchange
        routingKey = method.routingKey
        properties = message.properties
        body = message.body
    }
}
