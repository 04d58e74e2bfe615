import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SaudaCRM
import SaudaCore

/// One call to an amoCRM account's API v4.
struct AmoCall: Sendable {
    /// The method.
    var method: HTTPMethod
    /// The path under the account (`/api/v4/leads`).
    var path: String
    /// Query parameters, in order.
    var query: [(String, String)] = []
    /// The JSON body (an array for batch writes, an object for one record's `PATCH`).
    var body: JSONValue?
    /// Whether the call may change the account (an answer lost after sending leaves the outcome unknown).
    var writes: Bool { method != .GET }
}

/// The account's HTTP calls: the bearer token from the ``AmoTokenKeeper`` (refreshed and retried once on a 401 with
/// OAuth credentials), HAL answers, `204` for an empty list, and errors sorted into ``CRMError``'s kinds. It never
/// retries by itself otherwise: a write whose answer was lost is `retryable(outcomeUnknown: true)`.
final class AmoClient: Sendable {
    let settings: AmoSettings
    let keeper: AmoTokenKeeper
    private let http: HTTPClient
    private let logger: Logger
    private let timeout: Duration

    init(settings: AmoSettings, credentials: AmoCredentials, store: (any CRMCredentialsStore)?, http: HTTPClient, logger: Logger,
         timeout: Duration, now: @escaping @Sendable () -> Date) {
        self.settings = settings
        self.http = http
        self.logger = logger
        self.timeout = timeout
        let exchange: AmoTokenKeeper.Exchange = { tokens throws(CRMError) in
            try await Self.refresh(tokens, settings: settings, http: http, logger: logger, timeout: timeout, now: now)
        }
        keeper = AmoTokenKeeper(credentials: credentials, store: store, exchange: exchange, now: now)
    }

    /// Sends a call; returns its JSON, or `nil` for an answer without a body (`204`, an empty list).
    func send(_ call: AmoCall) async throws(CRMError) -> JSONValue? {
        let token = try await keeper.token()
        var answer = try await execute(call, token: token)
        if answer.status == 401, await keeper.canRefresh {
            logger.info("amoCRM refused the access token; refreshing it", metadata: ["path": "\(call.path)"])
            let renewed = try await keeper.refresh(rejected: token)
            answer = try await execute(call, token: renewed)
        }
        return try interpret(answer, call: call)
    }

    /// An answer as it came: status, `Retry-After`, body.
    struct Answer {
        var status: Int
        var retryAfter: String?
        var body: Data
    }

    private func execute(_ call: AmoCall, token: String) async throws(CRMError) -> Answer {
        var request = HTTPClientRequest(url: Self.url(settings.baseURL, call.path, call.query))
        request.method = call.method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "application/hal+json, application/json")
        request.headers.add(name: "User-Agent", value: "Sauda/\(SaudaVersion.current)")
        if let body = call.body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.jsonText))
        }
        logger.debug("amoCRM call", metadata: ["method": "\(call.method)", "path": "\(call.path)"])
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .nanoseconds(timeout.totalNanoseconds), logger: logger)
        } catch {
            throw Self.networkFailure(error, writes: call.writes, what: "\(call.method) \(call.path)")
        }
        do {
            let bytes = try await response.body.collect(upTo: 32 << 20)
            return Answer(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"),
                          body: Data(bytes.readableBytesView))
        } catch {
            throw .retryable(reason: "amoCRM \(call.method) \(call.path): the answer was lost (\(error))", outcomeUnknown: call.writes)
        }
    }

    private func interpret(_ answer: Answer, call: AmoCall) throws(CRMError) -> JSONValue? {
        if (200..<300).contains(answer.status) {
            if answer.status == 204 || answer.body.isEmpty { return nil }
            guard let body = try? JSONValue.parse(answer.body) else {
                if answer.status == 202 { return nil }
                throw .retryable(reason: "amoCRM \(answer.status) \(call.path): the answer is not JSON", outcomeUnknown: call.writes)
            }
            return body
        }
        let error = AmoErrors.map(status: answer.status, body: answer.body, retryAfter: answer.retryAfter, writes: call.writes,
                                  path: call.path)
        logger.warning("amoCRM refused a call", metadata: ["path": "\(call.path)", "status": "\(answer.status)", "error": "\(error)"])
        throw error
    }

    /// `POST /oauth2/access_token` with the refresh token: the new pair, or why not.
    static func refresh(_ tokens: AmoOAuthTokens, settings: AmoSettings, http: HTTPClient, logger: Logger, timeout: Duration,
                        now: @Sendable () -> Date) async throws(CRMError) -> AmoOAuthTokens {
        var request = HTTPClientRequest(url: settings.baseURL + "/oauth2/access_token")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Sauda/\(SaudaVersion.current)")
        let body: JSONValue = [
            "client_id": .string(tokens.clientID), "client_secret": .string(tokens.clientSecret), "grant_type": "refresh_token",
            "refresh_token": .string(tokens.refreshToken), "redirect_uri": .string(tokens.redirectURI),
        ]
        request.body = .bytes(ByteBuffer(string: body.jsonText))
        let status: Int
        let data: Data
        let retryAfter: String?
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(timeout.totalNanoseconds), logger: logger)
            status = Int(response.status.code)
            retryAfter = response.headers.first(name: "Retry-After")
            data = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        } catch {
            // A refresh whose answer was lost may have spent the refresh token; the next try says so (notConfigured).
            throw .retryable(reason: "amoCRM token refresh failed: \(error)", outcomeUnknown: false)
        }
        let answer = try? JSONValue.parse(data)
        if status == 200, let access = answer?["access_token"]?.stringValue, let refresh = answer?["refresh_token"]?.stringValue {
            let lifetime = answer?["expires_in"]?.numberValue ?? 86_400
            logger.info("amoCRM renewed the OAuth tokens")
            return AmoOAuthTokens(accessToken: access, refreshToken: refresh, clientID: tokens.clientID, clientSecret: tokens.clientSecret,
                                  redirectURI: tokens.redirectURI, expiresAt: now().addingTimeInterval(lifetime))
        }
        switch status {
        case 429:
            throw AmoErrors.map(status: status, body: data, retryAfter: retryAfter, writes: false, path: "/oauth2/access_token")
        case 500...:
            throw .retryable(reason: "amoCRM \(status) on the token refresh", outcomeUnknown: false)
        default:
            let why = answer?["hint"]?.stringValue ?? answer?["detail"]?.stringValue ?? answer?["title"]?.stringValue ?? "no reason given"
            throw .notConfigured(reason: "amoCRM refused to refresh the OAuth tokens (\(status): \(why)): connect the integration again")
        }
    }

    /// A failure without an answer: before the request went out (connecting) nothing happened; after, a write may have.
    static func networkFailure(_ error: any Error, writes: Bool, what: String) -> CRMError {
        let text = String(describing: error)
        let beforeSending: Bool = switch error {
        case let error as HTTPClientError:
            error == .connectTimeout || error == .getConnectionFromPoolTimeout || error == .invalidURL || error == .emptyHost
                || error == .socksHandshakeTimeout || error == .tlsHandshakeTimeout
        default:
            String(describing: type(of: error)) == "NIOConnectionError" || text.contains("connectionRefused")
                || text.contains("Connection refused") || text.contains("connectTimeout")
        }
        return .retryable(reason: "amoCRM \(what): \(text)", outcomeUnknown: writes && !beforeSending)
    }

    /// The call's URL with its query percent-encoded (brackets too, as PHP reads them back).
    static func url(_ base: String, _ path: String, _ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return base + path }
        return base + path + "?" + query.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    /// Percent-encodes everything but the unreserved characters.
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
