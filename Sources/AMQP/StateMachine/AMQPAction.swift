import NIOCore

/// Identifies one waiting caller (a handshake, RPC, publish or close) between a state machine
/// and the handler that holds the caller's promise.
typealias AMQPRequestID = UInt64

/// The values the broker and client agreed on in `connection.tune` / `tune-ok`.
public struct AMQPNegotiatedParameters: Sendable, Hashable {
    /// The highest channel number usable.
    public var channelMax: UInt16
    /// The largest frame, in bytes, including the 8 bytes of frame overhead (0: no limit).
    public var frameMax: UInt32
    /// The heartbeat interval in seconds (0: no heartbeats).
    public var heartbeat: UInt16
    /// The properties the server sent in `connection.start`.
    public var serverProperties: AMQPTable
}

/// A message the broker sent with content: a delivery, a returned message or a get-ok.
struct AMQPIncomingMessage: Sendable, Hashable {
    /// The method that introduced the content.
    enum Method: Sendable, Hashable {
        case deliver(AMQPMethod.Basic.Deliver)
        case `return`(AMQPMethod.Basic.Return)
        case getOk(AMQPMethod.Basic.GetOk)
    }

    var method: Method
    var properties: AMQPProperties
    var body: ByteBuffer
}

/// What a request completed with.
enum AMQPRequestResult: Sendable, Hashable {
    /// Nothing to return (publish without confirms, ack, close).
    case done
    /// The handshake finished.
    case connected(AMQPNegotiatedParameters)
    /// A channel was opened with this number.
    case channelOpened(UInt16)
    /// The reply method of an RPC.
    case reply(AMQPMethod)
    /// The result of basic.get: a message, or nil for get-empty.
    case message(AMQPIncomingMessage?)
}

/// A side effect that the connection handler carries out for a state machine.
enum AMQPAction: Sendable, Hashable {
    /// Write the 8-byte protocol header.
    case sendProtocolHeader
    /// Write these frames, in order, and flush.
    case send([AMQPFrame])
    /// Tune is agreed: apply the frame size to the decoder and start heartbeats.
    case tuned(AMQPNegotiatedParameters)
    /// Complete a request successfully.
    case succeed(AMQPRequestID, AMQPRequestResult)
    /// Fail a request.
    case fail(AMQPRequestID, AMQPError)
    /// Hand a delivery to a consumer.
    case deliver(channel: UInt16, consumerTag: String, AMQPIncomingMessage)
    /// A consumer will get no more deliveries (nil: cancelled by the client or channel closed by it).
    case consumerEnded(channel: UInt16, consumerTag: String, AMQPError?)
    /// A mandatory message came back unroutable.
    case returned(channel: UInt16, AMQPIncomingMessage)
    /// The broker blocked publishing (resource alarm).
    case blocked(String)
    /// The broker lifted the block.
    case unblocked
    /// The connection is over: nil when this client closed it cleanly, else why it ended.
    case closed(AMQPError?)
    /// Close the TCP connection.
    case closeSocket
}
