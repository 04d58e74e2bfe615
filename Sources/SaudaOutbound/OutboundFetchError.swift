import SaudaCore

/// Why the ``OutboundFetcher`` did not return a response.
///
/// A refusal by the rules (``isRefusal``: a scheme other than http and https, credentials in the URL, a forbidden
/// address, too many redirects, an answer over the size limit) and a 4xx answer are permanent: asking again gets the
/// same answer, so ``isRetryable`` is false. Descriptions name the host, never the whole URL (a presigned link's query
/// is a credential).
public enum OutboundFetchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is no URL the fetcher understands: no host, a malformed host or port, an unparsable redirect.
    case invalidURL(String)
    /// The scheme is not http or https (`file`, `http+unix`, `unix`, `ftp`, …).
    case forbiddenScheme(String)
    /// The URL carries a user or a password (`https://user:pass@host/`).
    case credentialsInURL
    /// The host is, or resolves to, an address of a forbidden class, and it is not on the allow-list.
    case forbiddenAddress(host: String, address: IPAddress, class: AddressClass)
    /// The host name does not exist.
    case hostNotFound(String)
    /// The host name could not be resolved now (the resolver failed or timed out).
    case resolutionFailed(host: String, reason: String)
    /// The answer redirected more often than allowed.
    case tooManyRedirects(limit: Int)
    /// A redirect without a usable `Location`.
    case badRedirect(String)
    /// The final answer's status was not 2xx.
    case status(Int)
    /// The answer is longer than the limit (declared in `Content-Length`, or counted while reading).
    case tooLarge(limit: Int)
    /// The fetch, all its redirects included, did not finish before its timeout.
    case timedOut
    /// The connection failed or broke.
    case connectionFailed(String)

    /// Whether the target was refused by the fetcher's rules before or while it was fetched (see the type's notes).
    public var isRefusal: Bool {
        switch self {
        case .invalidURL, .forbiddenScheme, .credentialsInURL, .forbiddenAddress, .tooManyRedirects, .badRedirect, .tooLarge: true
        case .hostNotFound, .resolutionFailed, .status, .timedOut, .connectionFailed: false
        }
    }

    /// Whether a later attempt may succeed: timeouts, broken connections, a resolver that failed, and 5xx answers.
    /// Refusals, a host that does not exist and 4xx answers are permanent.
    public var isRetryable: Bool {
        switch self {
        case .resolutionFailed, .timedOut, .connectionFailed: true
        case .status(let code): code >= 500
        default: false
        }
    }

    /// What went wrong, for logs.
    public var description: String {
        switch self {
        case .invalidURL(let reason): "invalid URL: \(reason)"
        case .forbiddenScheme(let scheme): "refused: the scheme \(scheme) is not http or https"
        case .credentialsInURL: "refused: the URL carries credentials"
        case let .forbiddenAddress(host, address, kind):
            host == address.description ? "refused: \(host) is a \(kind.rawValue) address"
                : "refused: \(host) resolves to \(address), a \(kind.rawValue) address"
        case .hostNotFound(let host): "the host \(host) does not exist"
        case let .resolutionFailed(host, reason): "the host \(host) could not be resolved: \(reason)"
        case .tooManyRedirects(let limit): "refused: more than \(limit) redirects"
        case .badRedirect(let reason): "refused redirect: \(reason)"
        case .status(let code): "the server answered \(code)"
        case .tooLarge(let limit): "refused: the answer is larger than \(limit) bytes"
        case .timedOut: "timed out"
        case .connectionFailed(let reason): "connection failed: \(reason)"
        }
    }
}
