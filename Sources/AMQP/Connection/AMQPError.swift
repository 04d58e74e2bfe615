/// Errors of the AMQP client, as typed values.
public enum AMQPError: Error, Sendable, Hashable {
    /// The broker URL could not be read.
    case invalidURL(AMQPURLError)
    /// The TCP connection to the broker could not be made.
    case connectFailed(String)
    /// The broker closed the channel, e.g. 404 NOT_FOUND or 406 PRECONDITION_FAILED; the
    /// connection and its other channels stay usable, this channel does not.
    case channelClosedByBroker(AMQPCloseReason)
    /// The broker closed the whole connection, e.g. 403 ACCESS_REFUSED, 530 NOT_ALLOWED or 320
    /// CONNECTION_FORCED.
    case connectionClosedByBroker(AMQPCloseReason)
    /// The TCP connection ended without an AMQP close handshake.
    case connectionLost(String)
    /// No frame arrived from the broker for two heartbeat intervals.
    case heartbeatTimeout
    /// The channel was closed by this client (or its connection was).
    case channelClosed
    /// The connection was closed by this client.
    case connectionClosed
    /// The broker refused a publish in confirm mode (basic.nack).
    case publishNacked
    /// The broker cancelled a consumer (queue deleted, or node failure).
    case consumerCancelledByBroker(consumerTag: String)
    /// The broker offers no authentication mechanism this client supports (PLAIN).
    case authenticationMechanismUnsupported(offered: String)
    /// Bytes from the broker broke the AMQP 0-9-1 format, or an argument cannot be encoded.
    case protocolViolation(AMQPProtocolError)
    /// The broker answered with a method other than the reply this client waited for.
    case unexpectedReply(String)
    /// Every channel number allowed by the negotiated channel-max is in use.
    case channelLimitReached(UInt16)
    /// An argument was out of range (the text says which).
    case invalidArgument(String)
    /// An operation did not finish in time (the text says which).
    case timeout(String)
    /// The waiting task was cancelled.
    case cancelled

    /// The broker's close reason when the broker closed the channel or connection.
    public var closeReason: AMQPCloseReason? {
        switch self {
        case .channelClosedByBroker(let reason), .connectionClosedByBroker(let reason): reason
        case .invalidURL, .connectFailed, .connectionLost, .heartbeatTimeout, .channelClosed, .connectionClosed,
             .publishNacked, .consumerCancelledByBroker, .authenticationMechanismUnsupported,
             .protocolViolation, .unexpectedReply, .channelLimitReached, .invalidArgument, .timeout, .cancelled:
            nil
        }
    }

    /// The broker's reply code when the broker closed the channel or connection (e.g. 404, 406).
    public var replyCode: UInt16? { closeReason?.replyCode }

    /// True when the error ended the whole connection (not just a channel or one call), so a
    /// new connection is needed.
    public var isConnectionError: Bool {
        switch self {
        case .invalidURL, .connectFailed, .connectionClosedByBroker, .connectionLost, .heartbeatTimeout,
             .connectionClosed, .authenticationMechanismUnsupported, .protocolViolation:
            true
        case .channelClosedByBroker, .channelClosed, .publishNacked, .consumerCancelledByBroker, .unexpectedReply,
             .channelLimitReached, .invalidArgument, .timeout, .cancelled:
            false
        }
    }
}
