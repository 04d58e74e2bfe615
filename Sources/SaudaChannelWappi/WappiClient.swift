import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SaudaCore
import Synchronization

/// One Wappi profile (a business's WhatsApp number) and its API token.
public struct WappiProfile: Sendable, Hashable {
    /// API root (`WAPPI_BASE_URL`), default `https://wappi.pro`.
    public var baseURL: String
    /// Raw API token, sent in `Authorization` without `Bearer`.
    public var token: String
    /// Profile id, sent as `profile_id` on every call.
    public var profileID: String

    /// The real service.
    public static let defaultBaseURL = "https://wappi.pro"

    /// Creates a profile.
    public init(baseURL: String = Self.defaultBaseURL, token: String, profileID: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.profileID = profileID
    }
}

/// The Wappi WhatsApp API for one profile: status, chats, messages, send, reply, mark as read, media
/// download and webhook settings.
///
/// Each call has a 30 s timeout and up to 3 attempts with exponential backoff and jitter on 429, 5xx and
/// network failures (`Retry-After` honoured); 400, 401 and 402 are not retried. `messages/get` calls of a
/// profile run one at a time, because parallel calls have been seen to return each other's chats. A 401,
/// 402 or "Profile not found" marks the profile unusable in ``health`` until a call succeeds again.
public final class WappiClient: Sendable {
    /// A profile's state for `/health`.
    public struct Health: Sendable, Hashable {
        /// Whether the last call found the profile usable.
        public var usable: Bool
        /// Why not.
        public var problem: String?
    }

    /// `get/status`.
    public struct Status: Sendable, Hashable {
        /// `open` when the phone is connected.
        public var appStatus: String?
        /// Whether the profile is logged in to WhatsApp.
        public var authorized: Bool
        /// The profile's own phone number.
        public var phone: String?
        /// When the paid period ends.
        public var paymentExpiredAt: String?
    }

    /// A chat of `chats/get`.
    public struct Dialog: Sendable, Hashable {
        /// Chat id.
        public var id: String
        /// Contact name.
        public var name: String?
        /// Id of the last message.
        public var lastMessageID: String?
        /// Time of the last message.
        public var lastTime: Date?
    }

    /// Where a media file is (`message/media/download`).
    public struct Media: Sendable, Hashable {
        /// Presigned link (fetch it without Wappi's token).
        public var fileLink: String?
        /// MIME type.
        public var mimeType: String?
        /// File name.
        public var fileName: String?
        /// The bytes, when Wappi answered with the file itself.
        public var data: Data?
    }

    /// The profile.
    public let profile: WappiProfile
    let http: HTTPClient
    let timeout: Duration
    let maxAttempts: Int
    let baseDelay: Duration
    let logger: Logger
    private let messagesLock = AsyncLock()
    private let state = Mutex(Health(usable: true, problem: nil))
    /// Told the profile's health after every call that succeeded or found the profile unusable.
    let onHealthChange: (@Sendable (Health) -> Void)?

    /// Creates a client.
    /// - Parameter onHealthChange: told the profile's health after every call that succeeded or found the profile
    ///   unusable (a channel connection reports it to its row).
    public init(profile: WappiProfile, http: HTTPClient, timeout: Duration = .seconds(30), maxAttempts: Int = 3,
                baseDelay: Duration = .seconds(1), logger: Logger, onHealthChange: (@Sendable (Health) -> Void)? = nil) {
        self.onHealthChange = onHealthChange
        self.profile = profile
        self.http = http
        self.timeout = timeout
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.logger = logger
    }

    /// The profile's state as the last call found it.
    public var health: Health { state.withLock { $0 } }

    // MARK: Calls

    /// `GET /api/sync/get/status`.
    public func status() async throws(WappiError) -> Status {
        let json = try await call(.GET, "/api/sync/get/status")
        return Status(appStatus: json["app_status"]?.stringValue, authorized: json["authorized"]?.boolValue ?? false,
                      phone: json["phone"]?.stringValue, paymentExpiredAt: json["payment_expired_at"]?.stringValue)
    }

    /// `GET /api/sync/chats/get`.
    public func chats(limit: Int = 100, offset: Int = 0) async throws(WappiError) -> [Dialog] {
        let json = try await call(.GET, "/api/sync/chats/get", query: ["limit": "\(limit)", "offset": "\(offset)", "show_all": "false"])
        return (json["dialogs"]?.arrayValue ?? []).compactMap { dialog in
            guard let id = dialog["id"]?.stringValue else { return nil }
            let time = dialog["last_timestamp"]?.stringValue.flatMap(ISO8601.parse)
                ?? dialog["last_time"]?.numberValue.map { Date(timeIntervalSince1970: $0) }
            return Dialog(id: id, name: dialog["name"]?.stringValue, lastMessageID: dialog["last_message_id"]?.stringValue, lastTime: time)
        }
    }

    /// `GET /api/sync/messages/get`: messages of a chat, newest first unless `ascending`, optionally only
    /// those after `since`.
    public func messages(chatID: String, limit: Int = 100, offset: Int = 0, since: Date? = nil,
                         ascending: Bool = false) async throws(WappiError) -> [WappiMessage] {
        var query = ["chat_id": chatID, "limit": "\(limit)", "offset": "\(offset)", "order": ascending ? "asc" : "desc"]
        if let since { query["date"] = Self.wappiDate(since) }
        let query2 = query
        await messagesLock.lock()
        defer { messagesLock.unlock() }
        let json = try await call(.GET, "/api/sync/messages/get", query: query2)
        return (json["messages"]?.arrayValue ?? []).compactMap(WappiMessage.init)
    }

    /// `POST /api/sync/message/send`. Made once: a send that timed out may have gone out, so repeating it is
    /// the caller's decision (the sender retries through the queue; a 429 is postponed there, not slept on).
    /// - Returns: the id of the sent message.
    public func send(to recipient: String, text: String) async throws(WappiError) -> String {
        let digits = String(recipient.split(separator: "@").first ?? Substring(recipient)).filter(\.isNumber)
        let json = try await call(.POST, "/api/sync/message/send", body: ["recipient": .string(digits), "body": .string(text)], once: true)
        return json["message_id"]?.stringValue ?? ""
    }

    /// `POST /api/sync/message/reply`: quotes the customer's message. Made once, as ``send(to:text:)``.
    public func reply(to messageID: String, text: String) async throws(WappiError) -> String {
        let json = try await call(.POST, "/api/sync/message/reply", body: ["message_id": .string(messageID), "body": .string(text)], once: true)
        return json["message_id"]?.stringValue ?? ""
    }

    /// `POST /api/sync/message/mark/read`.
    public func markRead(messageID: String) async throws(WappiError) {
        _ = try await call(.POST, "/api/sync/message/mark/read", body: ["message_id": .string(messageID)])
    }

    /// `GET /api/sync/message/media/download`.
    public func media(messageID: String) async throws(WappiError) -> Media {
        let response = try await raw(.GET, "/api/sync/message/media/download", query: ["message_id": messageID], body: nil)
        let contentType = response.headers.first(name: "content-type") ?? ""
        guard contentType.contains("json") else {
            return Media(fileLink: nil, mimeType: contentType.isEmpty ? nil : contentType, fileName: nil, data: response.body)
        }
        let json = try Self.parse(response.body)
        return Media(fileLink: json["file_link"]?.stringValue, mimeType: json["mime_type"]?.stringValue ?? json["mimetype"]?.stringValue,
                     fileName: json["file_name"]?.stringValue, data: nil)
    }

    /// `POST /api/webhook/url/set?url=…`.
    public func setWebhook(url: String) async throws(WappiError) {
        _ = try await call(.POST, "/api/webhook/url/set", query: ["url": url])
    }

    /// `POST /api/webhook/types/set` with a JSON array of event types.
    public func setWebhookTypes(_ types: [String]) async throws(WappiError) {
        _ = try await call(.POST, "/api/webhook/types/set", body: .array(types.map(JSONValue.string)))
    }

    /// The event types Sauda handles.
    public static let webhookTypes = ["incoming_message", "outgoing_message_phone", "outgoing_message_api", "delivery_status"]

    // MARK: Transport

    struct RawResponse {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
    }

    private func call(_ method: HTTPMethod, _ path: String, query: [String: String] = [:],
                      body: JSONValue? = nil, once: Bool = false) async throws(WappiError) -> JSONValue {
        let response = try await raw(method, path, query: query, body: body, singleAttempt: once)
        let json = try Self.parse(response.body)
        if let status = json["status"]?.stringValue, status != "done" {
            throw WappiError(.rejected, json["detail"]?.stringValue ?? json["message"]?.stringValue ?? "status \(status)")
        }
        return json
    }

    private func raw(_ method: HTTPMethod, _ path: String, query: [String: String], body: JSONValue?,
                     singleAttempt: Bool = false) async throws(WappiError) -> RawResponse {
        let parameters = [("profile_id", profile.profileID)] + query.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let url = profile.baseURL + path + "?" + parameters.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var attempt = 1
        while true {
            do {
                let response = try await once(method, url: url, body: body)
                state.withLock { $0 = Health(usable: true, problem: nil) }
                onHealthChange?(Health(usable: true, problem: nil))
                return response
            } catch {
                if error.disablesProfile {
                    state.withLock { $0 = Health(usable: false, problem: error.description) }
                    onHealthChange?(Health(usable: false, problem: error.description))
                    logger.error("wappi profile unusable", metadata: ["profile": "\(profile.profileID)", "error": "\(error)"])
                }
                guard error.retryable, !singleAttempt, attempt < maxAttempts else { throw error }
                let backoff = baseDelay * (1 << (attempt - 1)) * Double.random(in: 0.5...1.0)
                let wait = error.retryAfter.map { min($0, .seconds(60)) } ?? backoff
                logger.warning("wappi call failed, retrying", metadata: ["path": "\(path)", "attempt": "\(attempt)", "error": "\(error)"])
                do { try await Task.sleep(for: wait) } catch { throw WappiError(.transient, "cancelled while waiting to retry") }
                attempt += 1
            }
        }
    }

    private func once(_ method: HTTPMethod, url: String, body: JSONValue?) async throws(WappiError) -> RawResponse {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: profile.token)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.jsonText))
        }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await http.execute(request, timeout: .nanoseconds(timeout.totalNanoseconds))
            bytes = try await response.body.collect(upTo: 64 << 20)
        } catch {
            throw WappiError(.transient, "request failed: \(error)")
        }
        let data = Data(bytes.readableBytesView)
        let status = Int(response.status.code)
        guard status == 200 else { throw Self.error(status: status, headers: response.headers, body: data) }
        return RawResponse(status: status, headers: response.headers, body: data)
    }

    static func error(status: Int, headers: HTTPHeaders, body: Data) -> WappiError {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        let retryAfter = headers.first(name: "retry-after").flatMap(Double.init).map { Duration.milliseconds(Int64($0 * 1000)) }
        switch status {
        case 400 where text.localizedCaseInsensitiveContains("profile not found"):
            return WappiError(.profileNotFound, "profile not found (\(text))")
        case 401, 403: return WappiError(.unauthorized, "the API token was refused (\(text))")
        case 402: return WappiError(.notPaid, "the profile is not paid (\(text))")
        case 429: return WappiError(.rateLimited, "too many requests (\(text))", retryAfter: retryAfter)
        case 408, 500...599: return WappiError(.transient, "HTTP \(status) (\(text))", retryAfter: retryAfter)
        default: return WappiError(.rejected, "HTTP \(status) (\(text))")
        }
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encodes a query value strictly (a webhook URL's own `?`, `&`, `=` and `+` included).
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    static func parse(_ data: Data) throws(WappiError) -> JSONValue {
        do { return try JSONValue.parse(data) } catch { throw WappiError(.malformed, "not JSON: \(String(decoding: data.prefix(200), as: UTF8.self))") }
    }

    /// Wappi's `date` parameter: `YYYY-MM-DDTHH:MM:SS` in UTC.
    static func wappiDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
