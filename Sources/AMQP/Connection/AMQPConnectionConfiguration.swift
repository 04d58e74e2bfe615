/// Where and how to connect to an AMQP 0-9-1 broker.
///
/// Make one from a URL (``init(url:)``) or field by field. The password never appears in
/// ``description``.
public struct AMQPConnectionConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP address of the broker.
    public var host: String
    /// TCP port (default 5672).
    public var port: Int
    /// User name for PLAIN authentication (default "guest").
    public var username: String
    /// Password for PLAIN authentication (default "guest").
    public var password: String
    /// Virtual host (default "/").
    public var virtualHost: String
    /// Heartbeat interval wanted, in seconds (default 60; 0 takes the server's value).
    public var heartbeat: UInt16
    /// Largest frame wanted, in bytes (default 131072; 0 takes the server's value).
    public var frameMax: UInt32
    /// Highest channel number wanted (default 2047; 0 takes the server's value).
    public var channelMax: UInt16
    /// A name shown in the broker's management tools.
    public var connectionName: String?
    /// How long TCP connect plus the AMQP handshake may take (default 10 s).
    public var connectTimeout: Duration

    /// The AMQP port when a URL names none.
    public static let defaultPort = 5672

    /// Makes a configuration; every field has the usual RabbitMQ default.
    public init(
        host: String = "localhost", port: Int = AMQPConnectionConfiguration.defaultPort,
        username: String = "guest", password: String = "guest", virtualHost: String = "/",
        heartbeat: UInt16 = 60, frameMax: UInt32 = 131_072, channelMax: UInt16 = 2047,
        connectionName: String? = nil, connectTimeout: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.virtualHost = virtualHost
        self.heartbeat = heartbeat
        self.frameMax = frameMax
        self.channelMax = channelMax
        self.connectionName = connectionName
        self.connectTimeout = connectTimeout
    }

    /// "amqp://guest:***@host:5672/vhost" — with the password hidden.
    public var description: String {
        let vhost = virtualHost == "/" ? "%2F" : virtualHost
        return "amqp://\(username):***@\(host):\(port)/\(vhost)"
    }
}
