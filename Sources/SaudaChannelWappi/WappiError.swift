import Foundation

/// A failed Wappi call.
public struct WappiError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        /// Network trouble, a timeout or a 5xx: another attempt may succeed.
        case transient
        /// 429: too many calls.
        case rateLimited = "rate_limited"
        /// 401: the token is wrong.
        case unauthorized
        /// 402: the profile is not paid.
        case notPaid = "not_paid"
        /// 400 "Profile not found": the profile id is wrong or deleted.
        case profileNotFound = "profile_not_found"
        /// Any other refusal (400/404): the same call will fail again.
        case rejected
        /// The answer could not be read.
        case malformed
    }

    /// What went wrong.
    public var kind: Kind
    /// Readable reason.
    public var message: String
    /// How long Wappi asked to wait (`Retry-After`).
    public var retryAfter: Duration?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, retryAfter: Duration? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfter = retryAfter
    }

    /// Whether another attempt may succeed.
    public var retryable: Bool { kind == .transient || kind == .rateLimited }

    /// Whether the profile itself is unusable until someone fixes it (the health check shows it).
    public var disablesProfile: Bool { [.unauthorized, .notPaid, .profileNotFound].contains(kind) }

    public var description: String { "wappi \(kind.rawValue): \(message)" }
}
