import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The console's session: the token kept in an HttpOnly, SameSite=Strict cookie scoped to `/console`, and the
/// checks that keep other sites from acting through it.
enum ConsoleSession {
    /// The cookie holding the token.
    static let cookieName = "sauda_console"
    /// How long the browser keeps the cookie (the token itself may be revoked sooner).
    static let lifetimeSeconds = 7 * 24 * 3600

    /// The token presented by the request's cookie.
    static func token(of request: Request) -> String? {
        guard let value = request.cookies[cookieName]?.value, !value.isEmpty else { return nil }
        return value
    }

    /// The cookie that signs in with `token`.
    /// - Parameter secure: mark it `Secure` (the browser came over HTTPS): it then never travels over plain HTTP.
    static func cookie(token: String, secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: token, maxAge: lifetimeSeconds, path: "/console", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// Whether the browser reached the server over HTTPS (directly, or through a proxy that says so).
    static func isHTTPS(_ request: Request) -> Bool {
        request.uri.scheme == .https || request.headers[.forwardedProto]?.lowercased() == "https"
    }

    /// The cookie that signs out.
    static var clearingCookie: Cookie {
        Cookie(name: cookieName, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/console", httpOnly: true, sameSite: .strict)
    }

    /// Whether a POST comes from another site: its `Origin` names another host (or is opaque), or the browser says
    /// `Sec-Fetch-Site: cross-site`. A request without either header (a script, an old browser) passes: the
    /// SameSite=Strict cookie is not sent cross-site anyway.
    static func isForeign(_ request: Request) -> Bool {
        if let site = request.headers[.secFetchSite]?.lowercased(), site == "cross-site" || site == "same-site" { return true }
        guard let origin = request.headers[.origin] else { return false }
        guard origin != "null", let url = URLComponents(string: origin), let host = url.host?.lowercased() else { return true }
        let authority = (request.head.authority ?? "").lowercased()
        guard !authority.isEmpty else { return true }
        let defaultPort = url.scheme == "https" ? 443 : 80
        let originAuthority = host + ":" + String(url.port ?? defaultPort)
        let requestAuthority = authority.contains(":") ? authority : authority + ":" + String(defaultPort)
        return originAuthority != requestAuthority
    }

    /// The language of the request: `?lang=` first, then the cookie, else Russian.
    static func language(of request: Request) -> (language: ConsoleLanguage, chosenNow: Bool) {
        if let raw = request.uri.queryParameters["lang"], let language = ConsoleLanguage(rawValue: String(raw)) { return (language, true) }
        if let raw = request.cookies[ConsoleLanguage.cookieName]?.value, let language = ConsoleLanguage(rawValue: raw) { return (language, false) }
        return (.ru, false)
    }

    /// The cookie remembering the language.
    static func languageCookie(_ language: ConsoleLanguage) -> Cookie {
        Cookie(name: ConsoleLanguage.cookieName, value: language.rawValue, maxAge: 365 * 24 * 3600, path: "/console", httpOnly: true,
               sameSite: .lax)
    }

    /// A redirect after a form (303: the browser follows with GET).
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
