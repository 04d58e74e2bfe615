import SaudaCore

/// The rules of an ``OutboundFetcher`` beyond those it always keeps (http and https only, no credentials in the URL,
/// every redirect checked again): which hosts may be internal, how much it reads, for how long, and how many redirects
/// it follows.
public struct OutboundPolicy: Sendable, Hashable {
    /// Hosts that may resolve to loopback, private, link-local or other non-public addresses: a local gateway, a
    /// simulator. Every other host must resolve to public addresses only.
    public var allowedHosts: [OutboundHost]
    /// The longest body read, in bytes; a longer answer is refused (``OutboundFetchError/tooLarge(limit:)``).
    public var maximumBytes: Int
    /// The time a whole fetch may take, its redirects included.
    public var timeout: Duration
    /// The most redirects followed (each one checked like the first URL).
    public var maximumRedirects: Int

    /// Creates a policy.
    /// - Parameters:
    ///   - allowedHosts: hosts that may be internal; none by default.
    ///   - maximumBytes: the longest body; 25 MiB by default (the largest audio file transcription providers take).
    ///   - timeout: the time of a whole fetch; 30 s by default.
    ///   - maximumRedirects: redirects followed; 3 by default.
    public init(allowedHosts: [OutboundHost] = [], maximumBytes: Int = 25 << 20, timeout: Duration = .seconds(30),
                maximumRedirects: Int = 3) {
        self.allowedHosts = allowedHosts
        self.maximumBytes = maximumBytes
        self.timeout = timeout
        self.maximumRedirects = maximumRedirects
    }

    /// Whether a host (in ``OutboundHost/normalized(_:)`` form) and port are on the allow-list.
    public func allows(host: String, port: Int) -> Bool {
        allowedHosts.contains { $0.allows(host: host, port: port) }
    }
}
