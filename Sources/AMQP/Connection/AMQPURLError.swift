/// Why an `amqp://` URL could not be read.
public enum AMQPURLError: Error, Sendable, Hashable {
    /// The URL has no `scheme://` or a scheme other than amqp.
    case unsupportedScheme(String)
    /// `amqps` (TLS) is not supported by this client.
    case tlsNotSupported
    /// The port is not a number from 1 to 65535.
    case invalidPort(String)
    /// A `%` was not followed by two hex digits, or the decoded bytes are not UTF-8.
    case invalidPercentEncoding(String)
    /// The path has more than one segment (a `/` in a virtual host must be written `%2F`).
    case invalidVirtualHost(String)
    /// A query parameter (heartbeat, frame_max, channel_max, connection_timeout) had a bad value.
    case invalidQueryParameter(String)
    /// An IPv6 host was not closed with `]`.
    case invalidHost(String)
}
