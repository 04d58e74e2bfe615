import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SaudaCRM
import SaudaCore

/// One call to Airtable's REST API, and its answer sorted into ``CRMError``'s kinds.
struct AirtableCall: Sendable {
    /// The method.
    var method: HTTPMethod
    /// A record's id for a record's own URL (`…/<table>/<record>`); `nil` for the table's URL.
    var record: String?
    /// Query parameters, in order.
    var query: [(String, String)] = []
    /// The JSON body, for writes.
    var body: JSONValue?
    /// Whether the call changes rows (an answer lost after sending leaves the outcome unknown).
    var writes: Bool { method != .GET }
}

/// Airtable's error body, either `{"error":{"type":…,"message":…}}` or the bare `{"error":"NOT_FOUND"}`.
struct AirtableErrorBody: Sendable {
    var type: String
    var message: String

    init(_ body: JSONValue?) {
        switch body?["error"] {
        case .string(let type)?:
            self.type = type
            message = ""
        case let error?:
            type = error["type"]?.stringValue ?? "UNKNOWN"
            message = error["message"]?.stringValue ?? ""
        case nil:
            type = "UNKNOWN"
            message = ""
        }
    }

    var text: String { message.isEmpty ? type : "\(type): \(message)" }
}

extension AirtableAdapter {
    /// Sends a call and returns the answer's JSON, or throws the kind of failure.
    func send(_ call: AirtableCall) async throws(CRMError) -> JSONValue {
        var request = HTTPClientRequest(url: url(for: call))
        request.method = call.method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "application/json")
        if let body = call.body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.jsonText))
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw Self.networkFailure(error, call: call)
        }
        let bytes: ByteBuffer
        do {
            bytes = try await response.body.collect(upTo: 16 << 20)
        } catch {
            throw .retryable(reason: "Airtable: the answer was lost (\(error))", outcomeUnknown: call.writes)
        }
        let body = try? JSONValue.parse(Data(bytes.readableBytesView))
        let status = Int(response.status.code)
        if (200..<300).contains(status) {
            guard let body else {
                throw .retryable(reason: "Airtable \(status): the answer is not JSON", outcomeUnknown: call.writes)
            }
            return body
        }
        let error = Self.failure(status: status, error: AirtableErrorBody(body), call: call)
        logger.debug("Airtable refused a call", metadata: ["status": "\(status)", "error": "\(error)"])
        throw error
    }

    /// The kind of an error answer, as the reference's table says.
    static func failure(status: Int, error: AirtableErrorBody, call: AirtableCall) -> CRMError {
        let reason = "Airtable \(status) \(error.text)"
        switch status {
        case 429:
            return .rateLimited(after: .seconds(30), reason: reason)
        case 401, 403:
            return .notConfigured(reason: reason)
        case 404:
            // A missing record answers on its own URL; a 404 on the table's URL means the table (or base) is gone.
            if call.record != nil, error.type != "TABLE_NOT_FOUND" { return .refused(.notFound, reason: reason) }
            return .notConfigured(reason: reason)
        case 422:
            return .refused(.invalidInput, reason: reason)
        case 500...:
            return .retryable(reason: reason, outcomeUnknown: call.writes)
        default:
            return .refused(.other, reason: reason)
        }
    }

    /// A failure without an answer: before the request went out (connecting) nothing happened; after, a write may have.
    static func networkFailure(_ error: any Error, call: AirtableCall) -> CRMError {
        let beforeSending: Bool = switch error {
        case let error as HTTPClientError:
            error == .connectTimeout || error == .getConnectionFromPoolTimeout || error == .invalidURL || error == .emptyHost
                || error == .socksHandshakeTimeout || error == .tlsHandshakeTimeout
        // NIOPosix's `NIOConnectionError` (every address refused or timed out) is not a dependency here: named by its type.
        default: String(describing: type(of: error)) == "NIOConnectionError" || String(describing: error).contains("connectionRefused")
            || String(describing: error).contains("Connection refused")
            || String(describing: error).contains("connectTimeout")
        }
        return .retryable(reason: "Airtable: \(error)", outcomeUnknown: call.writes && !beforeSending)
    }

    /// The call's URL: the table's (or the record's), with the query percent-encoded (`+` too).
    func url(for call: AirtableCall) -> String {
        var url = "\(settings.baseURL)/\(Self.encode(settings.baseID))/\(Self.encode(settings.table))"
        if let record = call.record { url += "/\(Self.encode(record))" }
        if !call.query.isEmpty {
            url += "?" + call.query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        }
        return url
    }

    /// Percent-encodes everything but the unreserved characters.
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
