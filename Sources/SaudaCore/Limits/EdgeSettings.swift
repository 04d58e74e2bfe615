import Foundation

/// Limits of the public edges: connections, the web chat's rates and its live streams.
///
/// Read from the environment by ``SaudaSettings/load(environment:)``; each field names its variable.
public struct EdgeSettings: Sendable, Equatable {
    /// `HTTP_IDLE_TIMEOUT_SECONDS`: a connection that has sent no complete request head for this long is closed,
    /// whether it sent nothing or its headers trickle in; default 30.
    public var idleTimeoutSeconds = 30
    /// `HTTP_BODY_TIMEOUT_SECONDS`: a request body must arrive within this long; default 30.
    public var bodyTimeoutSeconds = 30
    /// `HTTP_MAX_CONNECTIONS`: open connections at most; at the cap a newcomer takes the place of the connection that
    /// has waited longest without a request. Default 4,096, and never more than the process's file limit leaves room for.
    public var maxConnections = 4_096
    /// `TRUSTED_PROXIES`: addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` names the client;
    /// default none (the socket's peer is the client).
    public var trustedProxies: [AddressRange] = []
    /// `WEBCHAT_SESSION_PER_MINUTE`, `WEBCHAT_SESSION_BURST`: messages one web-chat session may post; default 20 a
    /// minute, 8 at once.
    public var sessionRate = Rate(perMinute: 20, burst: 8)
    /// `WEBCHAT_ADDRESS_PER_MINUTE`, `WEBCHAT_ADDRESS_BURST`: web-chat posts and new sessions from one client
    /// address; default 60 a minute, 30 at once.
    public var addressRate = Rate(perMinute: 60, burst: 30)
    /// `WEBCHAT_TENANT_PER_MINUTE`, `WEBCHAT_TENANT_BURST`: web-chat posts to one business from everyone together;
    /// default 600 a minute, 120 at once.
    public var tenantRate = Rate(perMinute: 600, burst: 120)
    /// `WEBCHAT_STREAMS_PER_SESSION`: live streams open at once for one session; default 4.
    public var streamsPerSession = 4
    /// `WEBCHAT_STREAMS_PER_TENANT`: live streams open at once for one business; default 2,000.
    public var streamsPerTenant = 2_000
    /// `WEBCHAT_STREAM_HEARTBEAT_SECONDS`: a live stream writes a heartbeat this often, which finds out a reader that
    /// left and frees its place in the counts; default 10.
    public var streamHeartbeatSeconds = 10

    /// A request rate: on average and at once.
    public struct Rate: Sendable, Equatable {
        /// Requests per minute on average.
        public var perMinute: Int
        /// Requests at once.
        public var burst: Int

        /// Creates a rate.
        public init(perMinute: Int, burst: Int) {
            self.perMinute = perMinute
            self.burst = burst
        }
    }

    /// The defaults.
    public init() {}

    mutating func load(_ reader: inout Reader) {
        idleTimeoutSeconds = reader.int("HTTP_IDLE_TIMEOUT_SECONDS", in: 1...3_600) ?? idleTimeoutSeconds
        bodyTimeoutSeconds = reader.int("HTTP_BODY_TIMEOUT_SECONDS", in: 1...3_600) ?? bodyTimeoutSeconds
        maxConnections = reader.int("HTTP_MAX_CONNECTIONS", in: 16...1_000_000) ?? maxConnections
        if let raw = reader.string("TRUSTED_PROXIES") {
            var ranges: [AddressRange] = []
            for part in raw.split(separator: ",") {
                let text = part.trimmingCharacters(in: .whitespaces)
                guard let range = AddressRange(text) else {
                    reader.fail("TRUSTED_PROXIES", "expected comma-separated IP addresses or CIDR ranges such as 10.0.0.0/8", text)
                    continue
                }
                ranges.append(range)
            }
            trustedProxies = ranges
        }
        sessionRate = Self.rate(&reader, "WEBCHAT_SESSION", default: sessionRate)
        addressRate = Self.rate(&reader, "WEBCHAT_ADDRESS", default: addressRate)
        tenantRate = Self.rate(&reader, "WEBCHAT_TENANT", default: tenantRate)
        streamsPerSession = reader.int("WEBCHAT_STREAMS_PER_SESSION", in: 1...1_000) ?? streamsPerSession
        streamsPerTenant = reader.int("WEBCHAT_STREAMS_PER_TENANT", in: 1...1_000_000) ?? streamsPerTenant
        streamHeartbeatSeconds = reader.int("WEBCHAT_STREAM_HEARTBEAT_SECONDS", in: 1...300) ?? streamHeartbeatSeconds
    }

    private static func rate(_ reader: inout Reader, _ prefix: String, default rate: Rate) -> Rate {
        Rate(perMinute: reader.int("\(prefix)_PER_MINUTE", in: 1...1_000_000) ?? rate.perMinute,
             burst: reader.int("\(prefix)_BURST", in: 1...100_000) ?? rate.burst)
    }
}
