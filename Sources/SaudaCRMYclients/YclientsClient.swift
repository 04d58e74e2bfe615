import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SaudaCRM
import SaudaCore

/// One call to YCLIENTS's REST API: the partner (and user) authorization, the v2 `Accept`, the envelope
/// `{"success","data","meta"}` unwrapped (with `meta` as `[]` or an object), and errors mapped to ``CRMError``.
/// It never retries by itself: a write whose answer was lost is `retryable(outcomeUnknown: true)`.
struct YclientsClient: Sendable {
    /// An answer's `data` and `meta` (`[]` is read as an empty object).
    struct Answer: Sendable {
        var status: Int
        var data: JSONValue
        var meta: [String: JSONValue]
    }

    let settings: YclientsSettings
    let http: HTTPClient
    let pacer: YclientsPacer
    let timeout: TimeAmount
    let logger: Logger

    /// Calls `path` (below the API root).
    /// - Parameters:
    ///   - user: whether the call is protected (sends the user token too).
    ///   - write: whether it may change the branch (then a lost answer is `outcomeUnknown`).
    func call(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, user: Bool,
              write: Bool) async throws(CRMError) -> Answer {
        let name = "\(method.rawValue) \(path.split(separator: "/").first ?? "")"
        if let wait = await pacer.admit() {
            throw .rateLimited(after: wait, reason: "YCLIENTS \(name): Sauda's own pacing of 5 calls a second and 200 a minute")
        }
        var url = settings.baseURL + path
        if !query.isEmpty { url += "?" + query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&") }
        var request = HTTPClientRequest(url: url)
        request.method = method
        let authorization = user ? "Bearer \(settings.partnerToken), User \(settings.userToken)" : "Bearer \(settings.partnerToken)"
        request.headers.add(name: "Authorization", value: authorization)
        request.headers.add(name: "Accept", value: "application/vnd.yclients.v2+json")
        request.headers.add(name: "User-Agent", value: "Sauda/\(SaudaVersion.current)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.jsonText))
        }
        logger.debug("yclients call", metadata: ["company": "\(settings.companyID)", "call": "\(name)"])
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout, logger: logger)
        } catch {
            throw .retryable(reason: "YCLIENTS \(name): \(error)", outcomeUnknown: write && !Self.neverSent(error))
        }
        let data: Data
        do {
            data = Data(try await response.body.collect(upTo: 16 << 20).readableBytesView)
        } catch {
            throw .retryable(reason: "YCLIENTS \(name): the answer was lost (\(error))", outcomeUnknown: write)
        }
        let status = Int(response.status.code)
        let parsed = data.isEmpty ? nil : try? JSONValue.parse(data)
        if (200..<300).contains(status) {
            // `book_check` answers 201 with an empty body, `DELETE /record` 204.
            guard let parsed else {
                if data.isEmpty { return Answer(status: status, data: .null, meta: [:]) }
                throw .retryable(reason: "YCLIENTS \(name) \(status): the answer is not JSON", outcomeUnknown: write)
            }
            if parsed["success"]?.boolValue != false {
                return Answer(status: status, data: parsed["data"] ?? .null, meta: parsed["meta"]?.objectValue ?? [:])
            }
        }
        let retryAfter = response.headers.first(name: "Retry-After").flatMap(Double.init)
        let error = YclientsErrors.map(status: (200..<300).contains(status) ? 422 : status, body: parsed, raw: data, call: name,
                                       write: write, retryAfter: retryAfter)
        logger.warning("yclients refused", metadata: ["company": "\(settings.companyID)", "call": "\(name)", "error": "\(error)"])
        throw error
    }

    /// Whether a transport error happened before the request could reach YCLIENTS (no connection was made).
    static func neverSent(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            if error == .connectTimeout || error == .getConnectionFromPoolTimeout || error == .invalidURL || error == .emptyHost
                || error == .tlsHandshakeTimeout { return true }
        }
        let text = String(describing: error)
        return String(describing: type(of: error)) == "NIOConnectionError" || text.contains("connectionRefused")
            || text.contains("Connection refused") || text.contains("connectTimeout")
    }

    /// Percent-encodes everything but the unreserved characters (and keeps `[]` of `service_ids[]` readable encoded).
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
