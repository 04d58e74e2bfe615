import Foundation

/// Settings of outbound fetches: URLs that come from outside (a voice note's `file_link` in a Wappi event), fetched
/// through `SaudaOutbound`'s guarded fetcher.
public struct OutboundSettings: Sendable, Hashable {
    /// `OUTBOUND_ALLOWED_HOSTS`: comma-separated hosts (`host` or `host:port`) that fetches may reach although they
    /// resolve to a loopback, private or link-local address. The configured Wappi base URL's host and port are
    /// allowed without being listed.
    public var allowedHosts: [OutboundHost] = []

    /// Settings with every default: no host allowed beyond the public internet.
    public init(allowedHosts: [OutboundHost] = []) {
        self.allowedHosts = allowedHosts
    }

    static func load(_ reader: inout Reader) -> OutboundSettings {
        var settings = OutboundSettings()
        guard let raw = reader.string("OUTBOUND_ALLOWED_HOSTS") else { return settings }
        let entries = raw.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var bad: [String] = []
        for entry in entries {
            if let host = OutboundHost.parse(entry) { settings.allowedHosts.append(host) } else { bad.append(entry.isEmpty ? "(empty)" : entry) }
        }
        if !bad.isEmpty {
            reader.fail("OUTBOUND_ALLOWED_HOSTS",
                        "expected comma-separated hosts, each a name or an IP address with an optional :port, such as "
                            + "127.0.0.1:8091,media.example.com (no scheme, path or wildcard); not a host: \(bad.joined(separator: ", "))",
                        raw)
        }
        return settings
    }
}
