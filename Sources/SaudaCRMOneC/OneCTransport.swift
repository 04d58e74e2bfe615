import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SaudaCRM
import SaudaCore

/// One call to 1C's standard OData interface.
struct OneCCall: Sendable {
    /// The method.
    var method: HTTPMethod
    /// The object (`Catalog_Контрагенты`); `nil` for the service document.
    var object: String?
    /// A record's `Ref_Key` for its own URL (`…/Catalog_X(guid'…')`).
    var key: String?
    /// Query options besides `$format=json`, in order.
    var query: [(String, String)] = []
    /// The JSON body, for writes.
    var body: JSONValue?
    /// Whether the call changes records (an answer lost after sending leaves the outcome unknown).
    var writes: Bool { method != .GET }
}

/// 1C's error body: `{"odata.error":{"code":"…","message":{"lang":"ru","value":"…"}}}`.
struct OneCErrorBody: Sendable {
    var code: String
    var message: String

    init(_ body: JSONValue?, raw: Data) {
        let error = body?["odata.error"] ?? body?["error"]
        code = error?["code"]?.stringValue ?? error?["code"]?.numberValue.map { String(Int($0)) } ?? ""
        message = error?["message"]?["value"]?.stringValue ?? error?["message"]?.stringValue
            ?? String(decoding: raw.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var text: String { code.isEmpty ? message : "code \(code): \(message)" }

    /// Whether the text says the user lacks rights (1C answers some of those 400 or 500).
    var aboutRights: Bool {
        let lowered = message.lowercased()
        return lowered.contains("недостаточно прав") || lowered.contains("нет прав") || lowered.contains("access denied")
            || lowered.contains("нарушение прав")
    }
}

extension OneCAdapter {
    /// Sends a call and returns the answer's JSON (`.null` for an empty answer), or throws the kind of failure.
    func send(_ call: OneCCall) async throws(CRMError) -> JSONValue {
        var request = HTTPClientRequest(url: url(for: call))
        request.method = call.method
        request.headers.add(name: "Authorization", value: authorization)
        request.headers.add(name: "Accept", value: "application/json")
        if let body = call.body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.jsonText))
        }
        let what = "\(call.method) \(call.object ?? "/")"
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            logger.warning("1C call failed", metadata: ["call": "\(what)", "error": "\(error)"])
            throw Self.networkFailure(error, call: call)
        }
        let bytes: ByteBuffer
        do {
            bytes = try await response.body.collect(upTo: 16 << 20)
        } catch {
            throw .retryable(reason: "1C \(what): the answer was lost (\(error))", outcomeUnknown: call.writes)
        }
        let data = Data(bytes.readableBytesView)
        let body = try? JSONValue.parse(data)
        let status = Int(response.status.code)
        if (200..<300).contains(status) {
            if data.isEmpty { return .null }
            guard let body else {
                throw .retryable(reason: "1C \(status) \(what): the answer is not JSON (is $format=json honoured?)", outcomeUnknown: call.writes)
            }
            return body
        }
        let error = failure(status: status, error: OneCErrorBody(body, raw: data), call: call,
                            retryAfter: response.headers.first(name: "Retry-After").flatMap(Int.init))
        logger.debug("1C refused a call", metadata: ["call": "\(what)", "error": "\(error)"])
        throw error
    }

    /// The kind of an error answer, as the reference's table says.
    func failure(status: Int, error: OneCErrorBody, call: OneCCall, retryAfter: Int?) -> CRMError {
        let object = call.object ?? "the service document"
        let reason = "1C \(status) \(call.method) \(object): \(error.text)"
        switch status {
        case 401:
            return .notConfigured(reason: "\(reason) (the user or password in CRM_API_KEY is not accepted)")
        case 403:
            return .notConfigured(reason: "\(reason) (the 1C user lacks rights to \(object))")
        case 404:
            // A missing record answers on its own URL; a 404 on an object's URL means it is not published.
            if call.key != nil, !error.message.lowercased().contains("entity set") { return .refused(.notFound, reason: reason) }
            return .notConfigured(reason: "\(reason) (\(object) is not published in the standard OData interface)")
        case 400 where error.aboutRights:
            return .notConfigured(reason: "\(reason) (the 1C user lacks rights)")
        case 400, 422:
            return .refused(.invalidInput, reason: reason)
        case 429:
            return .rateLimited(after: .seconds(max(1, retryAfter ?? 1)), reason: reason)
        case 501:
            return .refused(.other, reason: "\(reason) (not supported by this 1C server)")
        case 500...:
            return .retryable(reason: reason, outcomeUnknown: call.writes)
        default:
            return .refused(.other, reason: reason)
        }
    }

    /// A failure without an answer: before the request went out (connecting) nothing happened; after, a write may have.
    static func networkFailure(_ error: any Error, call: OneCCall) -> CRMError {
        let text = String(describing: error)
        let beforeSending: Bool = switch error {
        case let error as HTTPClientError:
            error == .connectTimeout || error == .getConnectionFromPoolTimeout || error == .invalidURL || error == .emptyHost
                || error == .socksHandshakeTimeout || error == .tlsHandshakeTimeout
        default:
            String(describing: type(of: error)) == "NIOConnectionError" || text.contains("connectionRefused")
                || text.contains("Connection refused") || text.contains("connectTimeout")
        }
        return .retryable(reason: "1C \(call.method) \(call.object ?? "/"): \(error)", outcomeUnknown: call.writes && !beforeSending)
    }

    /// The call's URL: the root, the object's name percent-encoded, the key as `(guid'…')`, and the query with spaces
    /// as `%20` (a `+` gave 1C an internal error) and `$format=json` first.
    func url(for call: OneCCall) -> String {
        var url = settings.odataURL + "/"
        if let object = call.object {
            url += Self.encode(object, keeping: "")
            if let key = call.key { url += "(guid'\(Self.encode(key, keeping: ""))')" }
        }
        let query = [("$format", "json")] + call.query
        url += "?" + query.map { "\($0.0)=\(Self.encode($0.1, keeping: "$'(),:/*"))" }.joined(separator: "&")
        return url
    }

    /// Percent-encodes everything but the unreserved characters and `keeping`.
    static func encode(_ text: String, keeping: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        allowed.insert(charactersIn: keeping)
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// A string literal for `$filter`: single quotes, a quote doubled.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
