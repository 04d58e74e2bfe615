import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SaudaCRM
import SaudaCore
import Synchronization

/// One portal's REST calls through its inbound webhook: `POST <webhook URL><method>.json` with a JSON body, the
/// answer's `result` (with `total`/`next` for lists) or its `error`/`error_description` mapped to ``CRMError``.
///
/// It keeps the back-off for the portal's leaky bucket: each 503 `QUERY_LIMIT_EXCEEDED` in a row doubles the wait it
/// reports (1 s, 2 s, 4 s … up to 64 s); any answer that is not that refusal resets it. It never retries by itself: a
/// write whose answer was lost is `retryable(outcomeUnknown: true)` and the caller reconciles first.
final class Bitrix24Client: Sendable {
    private struct State {
        var limitRefusals = 0
        var operatingResetAt: Double?
    }

    let settings: Bitrix24Settings
    private let http: HTTPClient
    private let logger: Logger
    private let timeout: Duration
    private let now: @Sendable () -> Date
    private let state = Mutex(State())

    init(settings: Bitrix24Settings, http: HTTPClient, logger: Logger, timeout: Duration, now: @escaping @Sendable () -> Date) {
        self.settings = settings
        self.http = http
        self.logger = logger
        self.timeout = timeout
        self.now = now
    }

    /// Calls `method` with `params`; returns the whole answer (`result`, `time`, `total`, `next`).
    /// - Parameter write: whether the call may change the portal (then a lost answer is `outcomeUnknown`).
    func call(_ method: String, _ params: [String: JSONValue], write: Bool) async throws(CRMError) -> [String: JSONValue] {
        var request = HTTPClientRequest(url: settings.webhookURL + method + ".json")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Sauda/\(SaudaVersion.current)")
        request.body = .bytes(ByteBuffer(string: JSONValue.object(params).jsonText))
        logger.debug("bitrix24 call", metadata: ["portal": "\(settings.maskedURL)", "method": "\(method)"])
        let status: Int
        let data: Data
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(timeout.totalNanoseconds), logger: logger)
            status = Int(response.status.code)
            data = Data(try await response.body.collect(upTo: 32 << 20).readableBytesView)
        } catch {
            let sent = !Self.neverSent(error)
            logger.warning("bitrix24 call failed", metadata: ["portal": "\(settings.maskedURL)", "method": "\(method)", "error": "\(error)"])
            throw .retryable(reason: "Bitrix24 \(method): \(error)", outcomeUnknown: write && sent)
        }
        let body = (try? JSONValue.parse(data))?.objectValue
        if status == 200, let body, body["result"] != nil {
            let resetAt = body["time"]?["operating_reset_at"]?.numberValue
            state.withLock { state in
                state.limitRefusals = 0
                if let resetAt { state.operatingResetAt = resetAt }
            }
            return body
        }
        let code = body?["error"]?.stringValue ?? ""
        let description = body?["error_description"]?.stringValue ?? String(decoding: data.prefix(200), as: UTF8.self)
        let backoff = state.withLock { state -> Duration in
            guard code == "QUERY_LIMIT_EXCEEDED" else {
                state.limitRefusals = 0
                return .seconds(1)
            }
            state.limitRefusals += 1
            return .seconds(1 << min(state.limitRefusals - 1, 6))
        }
        let resetAt = body?["time"]?["operating_reset_at"]?.numberValue ?? state.withLock { $0.operatingResetAt }
        let resetIn = resetAt.map { Duration.seconds(max(1, $0 - now().timeIntervalSince1970)) }
        let error = Bitrix24Errors.map(status: status == 200 ? 500 : status, code: code, description: description, write: write,
                                       limitBackoff: backoff, operatingResetIn: resetIn)
        logger.warning("bitrix24 refused", metadata: ["portal": "\(settings.maskedURL)", "method": "\(method)", "error": "\(error)"])
        throw error
    }

    /// Whether a transport error happened before the request could reach the portal (no connection was made).
    static func neverSent(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError, error == .connectTimeout { return true }
        let text = String(describing: error)
        return text.contains("connectionRefused") || text.contains("Connection refused")
    }
}
