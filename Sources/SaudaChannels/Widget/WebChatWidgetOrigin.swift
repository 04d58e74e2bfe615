import Foundation

/// The origins a widget allows, read as browsers write them in `Origin`: `scheme://host[:port]`, lowercase, without
/// the scheme's default port.
public enum WebChatWidgetOrigin {
    /// Why a text is not an origin a widget may allow.
    public struct Problem: Error, Sendable, Hashable {
        /// What is wrong, with the text quoted.
        public var reason: String
    }

    /// The hosts where plain `http` is allowed (a developer's own machine).
    static let loopbackHosts: Set<String> = ["localhost", "127.0.0.1", "[::1]"]

    /// `text` as a browser writes it in `Origin` (`https://Shop.kz:443` → `https://shop.kz`).
    /// - Returns: the canonical origin, or the ``Problem`` (`*`, a path, `http` off loopback, …).
    public static func canonical(_ text: String) -> Result<String, Problem> {
        let quoted = "«\(WebChatWidgetSettings.shortened(text))»"
        if text == "*" { return .failure(Problem(reason: "«*» is not allowed; name each site (https://shop.kz)")) }
        guard text.count <= 300, text.allSatisfy({ $0.isASCII && !$0.isWhitespace }),
              let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty else {
            return .failure(Problem(reason: "\(quoted) is not an origin such as https://shop.kz"))
        }
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil,
              components.path.isEmpty || components.path == "/" else {
            return .failure(Problem(reason: "\(quoted) has more than scheme, host and port; write it as \(scheme)://\(host)"))
        }
        guard !host.contains("*") else { return .failure(Problem(reason: "\(quoted): wildcards are not allowed; name each site")) }
        let display = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        switch scheme {
        case "https": break
        case "http" where loopbackHosts.contains(display): break
        case "http": return .failure(Problem(reason: "\(quoted) must be https (http only for localhost)"))
        default: return .failure(Problem(reason: "\(quoted) must be https"))
        }
        let defaultPort = scheme == "https" ? 443 : 80
        let port = components.port.flatMap { $0 == defaultPort ? nil : $0 }
        return .success("\(scheme)://\(display)" + (port.map { ":\($0)" } ?? ""))
    }
}
