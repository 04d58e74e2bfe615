import Foundation

/// A host that outbound fetches may reach even when it resolves to a loopback, private or otherwise internal address:
/// an entry of the outbound allow-list (`OUTBOUND_ALLOWED_HOSTS`, and the configured Wappi base URL's host and port).
///
/// An entry names a host exactly, as it is written in a URL: a name (`media.example.com`, `localhost`) or an IP
/// address (`127.0.0.1`, `::1`). With a port it allows only that port; without one, every port of the host. There are
/// no wildcards: `example.com` does not allow `cdn.example.com`.
public struct OutboundHost: Sendable, Hashable, CustomStringConvertible {
    /// The host in lower case, without IPv6 brackets and without a trailing dot.
    public var host: String
    /// The only port allowed, or `nil` for every port.
    public var port: Int?

    /// Creates an entry from a host that is already in its normal form (see ``normalized(_:)``).
    public init(host: String, port: Int? = nil) {
        self.host = Self.normalized(host)
        self.port = port
    }

    /// Parses `host`, `host:port`, an IPv6 address (`::1`) or a bracketed IPv6 address with a port (`[::1]:8091`).
    /// - Returns: `nil` for anything else: an empty host, a URL (`http://…`), a path, a wildcard or a port outside
    ///   1–65535.
    public static func parse(_ text: String) -> OutboundHost? {
        let text = text.trimmingCharacters(in: .whitespaces)
        var host = Substring(text)
        var port: Int?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let value = Int(rest.dropFirst()) else { return nil }
                port = value
            }
            guard host.contains(":") else { return nil }
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            host = text[..<colon]
            guard let value = Int(text[text.index(after: colon)...]) else { return nil }
            port = value
        }
        if let port, !(1...65_535).contains(port) { return nil }
        let entry = OutboundHost(host: String(host), port: port)
        guard isValidHost(entry.host) else { return nil }
        return entry
    }

    /// The entry of a base URL (`WAPPI_BASE_URL`): its host and its port, the scheme's default port when it names none.
    /// - Returns: `nil` when the text is not an http(s) URL with a host.
    public static func of(baseURL: String) -> OutboundHost? {
        guard let components = URLComponents(string: baseURL), let scheme = components.scheme?.lowercased(),
              let defaultPort = ["http": 80, "https": 443][scheme], let host = components.host, !host.isEmpty else { return nil }
        let entry = OutboundHost(host: host, port: components.port ?? defaultPort)
        return isValidHost(entry.host) ? entry : nil
    }

    /// Whether this entry allows a host (in its normal form) and port.
    public func allows(host: String, port: Int) -> Bool {
        self.host == host && (self.port == nil || self.port == port)
    }

    /// A host as entries and fetches compare it: lower case, without the brackets of an IPv6 address and without a
    /// trailing dot (`Example.COM.` and `example.com` name the same host).
    public static func normalized(_ host: String) -> String {
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasSuffix("."), host.count > 1 { host.removeLast() }
        return host
    }

    /// Whether a normalized host is a plain name (letters, digits, `-`, `_` and dots) or an IPv6 address
    /// (hex digits, colons and dots).
    public static func isValidHost(_ host: String) -> Bool {
        guard !host.isEmpty, host.count <= 253 else { return false }
        if host.contains(":") {
            return host.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        return host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
            && !host.hasPrefix(".") && !host.contains("..")
    }

    /// `host`, `host:port` or `[v6]:port`.
    public var description: String {
        let shown = host.contains(":") && port != nil ? "[\(host)]" : host
        return port.map { "\(shown):\($0)" } ?? shown
    }
}
