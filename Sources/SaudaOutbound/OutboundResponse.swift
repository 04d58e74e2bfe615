import Foundation
import NIOHTTP1

/// A successful (2xx) answer of the ``OutboundFetcher``, with its whole body.
public struct OutboundResponse: Sendable {
    /// The status code, 200–299.
    public var status: Int
    /// The answer's headers.
    public var headers: HTTPHeaders
    /// The body, at most the fetch's byte limit.
    public var body: Data
    /// The URL that answered, after redirects (without credentials, which are refused anyway, and without a fragment).
    public var url: String

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders, body: Data, url: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }

    /// The `Content-Type` header, when there is one.
    public var contentType: String? { headers.first(name: "content-type") }
}
