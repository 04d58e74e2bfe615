import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SaudaCore

/// The Bot API of one bot: `POST {base}/bot{token}/{method}` with a JSON body, answered with Telegram's envelope
/// (`{"ok":true,"result":…}` or `{"ok":false,"error_code":…,"description":…,"parameters":…}`).
///
/// Each call is made once: the caller decides what to repeat (the sender through its queue, the poller in its loop),
/// since `sendMessage` has no idempotency key. The token is in every URL, so URLs are never logged.
public struct TelegramClient: Sendable {
    /// What `getMe` says of the bot.
    public struct Bot: Sendable, Hashable {
        /// The bot's user id.
        public var id: Int64
        /// Its username, without the `@`.
        public var username: String
        /// Its name.
        public var firstName: String
        /// Whether Business Mode is on (it can be connected to an owner's account).
        public var canConnectToBusiness: Bool
    }

    /// What `getWebhookInfo` says.
    public struct WebhookInfo: Sendable, Hashable {
        /// The URL set; empty when the bot polls.
        public var url: String
        /// Updates waiting for delivery.
        public var pendingUpdateCount: Int
        /// The last delivery error Telegram saw, e.g. `Wrong response from the webhook: 502 Bad Gateway`.
        public var lastErrorMessage: String?
        /// When it saw it.
        public var lastErrorDate: Date?
    }

    /// The updates Sauda reads, for `allowed_updates`.
    public static let allowedUpdates = ["message", "edited_message", "my_chat_member", "business_connection", "business_message",
                                        "edited_business_message", "deleted_business_messages"]

    /// The Bot API root, without a trailing slash.
    public let baseURL: String
    let token: String
    let http: HTTPClient
    let timeout: Duration

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: the Bot API root (`https://api.telegram.org`, a local Bot API server, the simulator).
    ///   - timeout: of each call but `getUpdates` (whose own long-poll time is added).
    public init(baseURL: String = TelegramSettings.defaultBaseURL, token: String, http: HTTPClient = TelegramHTTP.client, timeout: Duration = .seconds(30)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.http = http
        self.timeout = timeout
    }

    /// The bot's id, read from the token.
    public var botID: Int64? { TelegramSettings.botID(ofToken: token) }

    // MARK: Calls

    /// `getMe`: checks the token and tells who the bot is.
    public func getMe() async throws(TelegramError) -> Bot {
        let result = try await call("getMe", [:])
        guard let id = result["id"]?.int64Value, let username = result["username"]?.stringValue else {
            throw TelegramError(.malformed, "getMe answered no bot")
        }
        return Bot(id: id, username: username, firstName: result["first_name"]?.stringValue ?? username,
                   canConnectToBusiness: result["can_connect_to_business"]?.boolValue ?? false)
    }

    /// `setWebhook` with the bot's address, its secret and the updates Sauda reads; pending updates are kept.
    public func setWebhook(url: String, secretToken: String) async throws(TelegramError) {
        _ = try await call("setWebhook", ["url": .string(url), "secret_token": .string(secretToken),
                                          "allowed_updates": .array(Self.allowedUpdates.map(JSONValue.string))])
    }

    /// `deleteWebhook`, keeping pending updates (to poll them).
    public func deleteWebhook() async throws(TelegramError) {
        _ = try await call("deleteWebhook", ["drop_pending_updates": .bool(false)])
    }

    /// `getWebhookInfo`.
    public func webhookInfo() async throws(TelegramError) -> WebhookInfo {
        let result = try await call("getWebhookInfo", [:])
        return WebhookInfo(url: result["url"]?.stringValue ?? "", pendingUpdateCount: Int(result["pending_update_count"]?.int64Value ?? 0),
                           lastErrorMessage: result["last_error_message"]?.stringValue,
                           lastErrorDate: result["last_error_date"]?.int64Value.map { Date(timeIntervalSince1970: TimeInterval($0)) })
    }

    /// `getUpdates` from `offset`, waiting up to `timeout` for one to come.
    /// - Returns: the updates as JSON objects, in order (each read by ``TelegramUpdate/parse(_:)``).
    public func getUpdates(offset: Int64, limit: Int = 100, timeout: Duration) async throws(TelegramError) -> [JSONValue] {
        let seconds = max(0, Int(timeout.components.seconds))
        let result = try await call("getUpdates", ["offset": .number(Double(offset)), "limit": .number(Double(limit)),
                                                   "timeout": .number(Double(seconds)),
                                                   "allowed_updates": .array(Self.allowedUpdates.map(JSONValue.string))],
                                    timeout: timeout + .seconds(10))
        guard let updates = result.arrayValue else { throw TelegramError(.malformed, "getUpdates answered no array") }
        return updates
    }

    /// `sendMessage` as plain text (no `parse_mode`: model output is full of Markdown's reserved characters).
    /// - Parameters:
    ///   - replyTo: the message quoted; a deleted one is no reason to fail (`allow_sending_without_reply`).
    ///   - businessConnectionID: sends on behalf of the owner's account.
    /// - Returns: the sent message's `message_id`.
    public func sendMessage(chatID: Int64, text: String, replyTo: Int? = nil, businessConnectionID: String? = nil) async throws(TelegramError) -> Int {
        var body: [String: JSONValue] = ["chat_id": .number(Double(chatID)), "text": .string(text),
                                         "link_preview_options": .object(["is_disabled": .bool(true)])]
        if let replyTo {
            body["reply_parameters"] = .object(["message_id": .number(Double(replyTo)), "allow_sending_without_reply": .bool(true)])
        }
        if let businessConnectionID { body["business_connection_id"] = .string(businessConnectionID) }
        let result = try await call("sendMessage", body, sending: true)
        guard let id = result["message_id"]?.int64Value else { throw TelegramError(.malformed, "sendMessage answered no message_id") }
        return Int(id)
    }

    /// `sendChatAction` `typing`.
    public func sendTyping(chatID: Int64, businessConnectionID: String? = nil) async throws(TelegramError) {
        var body: [String: JSONValue] = ["chat_id": .number(Double(chatID)), "action": .string("typing")]
        if let businessConnectionID { body["business_connection_id"] = .string(businessConnectionID) }
        _ = try await call("sendChatAction", body)
    }

    /// `getBusinessConnection`: the owner and the rights of a connection.
    public func businessConnection(id: String) async throws(TelegramError) -> TelegramBusinessConnection {
        let result = try await call("getBusinessConnection", ["business_connection_id": .string(id)])
        guard let connection = TelegramBusinessConnection(result) else { throw TelegramError(.malformed, "getBusinessConnection answered no connection") }
        return connection
    }

    /// `getFile`, then the download of `{base}/file/bot{token}/{file_path}` (bots may download up to 20 MB).
    /// - Returns: the file's bytes.
    public func download(fileID: String, maximumBytes: Int = 20 << 20) async throws(TelegramError) -> Data {
        let file = try await call("getFile", ["file_id": .string(fileID)])
        guard let path = file["file_path"]?.stringValue, !path.isEmpty, !path.contains(".."), !path.hasPrefix("/") else {
            throw TelegramError(.malformed, "getFile answered no usable file_path")
        }
        var request = HTTPClientRequest(url: "\(baseURL)/file/bot\(token)/\(path)")
        request.method = .GET
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await http.execute(request, timeout: .nanoseconds(timeout.totalNanoseconds))
            bytes = try await response.body.collect(upTo: maximumBytes)
        } catch {
            throw TelegramError(.transient, "the file download failed: \(Self.redacted(error))")
        }
        let status = Int(response.status.code)
        guard status == 200 else {
            throw TelegramError(status >= 500 ? .transient : .rejected, "the file download answered HTTP \(status)", code: status)
        }
        return Data(bytes.readableBytesView)
    }

    // MARK: Transport

    /// Calls `method` with a JSON body and returns the envelope's `result`.
    /// - Parameter sending: whether the call sends something to a customer: a failure after the request may have been
    ///   written is marked ``TelegramError/mayHaveArrived``.
    func call(_ method: String, _ body: [String: JSONValue], timeout: Duration? = nil, sending: Bool = false) async throws(TelegramError) -> JSONValue {
        var request = HTTPClientRequest(url: "\(baseURL)/bot\(token)/\(method)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: JSONValue.object(body).jsonText))
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await http.execute(request, timeout: .nanoseconds((timeout ?? self.timeout).totalNanoseconds))
            bytes = try await response.body.collect(upTo: 16 << 20)
        } catch {
            throw TelegramError(.transient, "\(method) failed: \(Self.redacted(error))", mayHaveArrived: sending && Self.mayHaveArrived(error))
        }
        let status = Int(response.status.code)
        guard let json = try? JSONValue.parse(Data(bytes.readableBytesView)), let ok = json["ok"]?.boolValue else {
            let kind: TelegramError.Kind = status >= 500 ? .transient : status == 429 ? .rateLimited : status == 401 || status == 404 ? .unauthorized : .malformed
            let retryAfter = response.headers.first(name: "retry-after").flatMap(Int.init).map { Duration.seconds(max(1, $0)) }
            throw TelegramError(kind, "\(method) answered HTTP \(status) without the Bot API's envelope", code: status,
                                retryAfter: kind == .rateLimited ? retryAfter ?? .seconds(1) : nil)
        }
        guard ok else {
            let code = json["error_code"]?.int64Value.map { Int($0) } ?? status
            let description = json["description"]?.stringValue ?? "HTTP \(status)"
            throw TelegramError.fromEnvelope(code: code, description: description,
                                             retryAfter: json["parameters"]?["retry_after"]?.int64Value.map { Int($0) })
        }
        return json["result"] ?? .null
    }

    /// An error's text without the URL (which holds the token).
    static func redacted(_ error: any Error) -> String {
        let text = "\(error)"
        guard let range = text.range(of: "/bot") else { return text }
        return String(text[..<range.lowerBound]) + "/bot…"
    }

    /// Whether a failed request may have reached Telegram: anything but a failure to connect.
    static func mayHaveArrived(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError, error == .connectTimeout { return false }
        let text = "\(error)".lowercased()
        return !(text.contains("connection refused") || text.contains("connectionrefused") || text.contains("connecttimeout"))
    }
}
