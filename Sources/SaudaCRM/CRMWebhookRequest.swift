/// A request a CRM sent to Sauda's webhook address for a business, as it arrived: the adapter verifies and reads it.
public struct CRMWebhookRequest: Sendable, Hashable {
    /// The `Content-Type` header, lowercased, without parameters (`application/json`, `application/x-www-form-urlencoded`).
    public var contentType: String
    /// The headers, names lowercased.
    public var headers: [String: String]
    /// The body's bytes.
    public var body: [UInt8]

    /// Creates a request.
    public init(contentType: String, headers: [String: String] = [:], body: [UInt8]) {
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }
}
