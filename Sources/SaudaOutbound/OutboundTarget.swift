import Foundation
import SaudaCore

/// A URL the ``OutboundFetcher`` may ask for, checked for what its text alone shows: http or https, no credentials,
/// a host that is a plain name or IP address, a port in range. Whether its address may be reached is decided later,
/// when the host is resolved. Kept in the normal form it is fetched with: host in lower case, no fragment.
struct OutboundTarget: Sendable, Hashable {
    /// `http` or `https`.
    var scheme: String
    /// The host in ``OutboundHost/normalized(_:)`` form: no brackets, lower case.
    var host: String
    /// The port, the scheme's default when the URL names none.
    var port: Int
    /// The percent-encoded path (at least `/`) and query.
    var pathAndQuery: String

    /// Parses and checks a URL.
    /// - Throws: ``OutboundFetchError/forbiddenScheme(_:)``, ``OutboundFetchError/credentialsInURL`` or
    ///   ``OutboundFetchError/invalidURL(_:)``.
    static func parse(_ text: String) throws(OutboundFetchError) -> OutboundTarget {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let colon = text.firstIndex(of: ":") else { throw .invalidURL("no scheme") }
        let scheme = text[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else {
            let printable = scheme.count <= 32 && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
            throw .forbiddenScheme(printable ? scheme : "(malformed)")
        }
        guard let components = URLComponents(string: text) else { throw .invalidURL("not a URL") }
        if components.user != nil || components.password != nil { throw .credentialsInURL }
        guard let rawHost = components.percentEncodedHost ?? components.host, !rawHost.isEmpty else { throw .invalidURL("no host") }
        let host = OutboundHost.normalized(rawHost)
        guard OutboundHost.isValidHost(host), !host.contains(":") || IPAddress(host) != nil else {
            throw .invalidURL("the host is not a plain name or IP address")
        }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        guard (1...65_535).contains(port) else { throw .invalidURL("the port is out of range") }
        var pathAndQuery = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { pathAndQuery += "?" + query }
        return OutboundTarget(scheme: scheme, host: host, port: port, pathAndQuery: pathAndQuery)
    }

    /// The URL as it is fetched.
    var url: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let portPart = port == (scheme == "https" ? 443 : 80) ? "" : ":\(port)"
        return "\(scheme)://\(shownHost)\(portPart)\(pathAndQuery)"
    }

    /// Where a redirect's `Location` leads from here (a relative location is resolved against this URL), checked
    /// like a first URL.
    func following(_ location: String) throws(OutboundFetchError) -> OutboundTarget {
        guard let base = URL(string: url), let next = URL(string: location, relativeTo: base)?.absoluteURL else {
            throw .badRedirect("the Location is not a URL")
        }
        return try OutboundTarget.parse(next.absoluteString)
    }

    /// Whether another target has the same scheme, host and port (request headers go only to the first URL's origin).
    func hasSameOrigin(as other: OutboundTarget) -> Bool {
        scheme == other.scheme && host == other.host && port == other.port
    }
}
