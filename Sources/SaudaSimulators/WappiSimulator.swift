import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SaudaModels
import Synchronization

/// A Wappi server for tests and demos: the sync WhatsApp endpoints Sauda uses (status, chats, messages,
/// send, reply, mark as read, media download, webhook settings) for one profile, with simulated customers.
///
/// A test or a person writes as a customer (`POST /_simulator/customers/{phone}/messages` or
/// ``customerWrites(phone:text:name:voice:at:id:)``); the simulator stores the message and posts it to the
/// registered webhook in Wappi's envelope (`{"messages":[…]}`, User-Agent `WappiWH`). What the bot sends
/// lands in the customer's chat (`GET /_simulator/chats/{phone}`). Failures can be injected: the next N
/// API calls answer 429 or 5xx (`POST /_simulator/failures`).
///
/// `messages/get` with `date` returns the messages at or after that moment (UTC, `YYYY-MM-DDTHH:MM:SS`).
public final class WappiSimulator: Sendable {
    /// A message in a simulated chat.
    public struct Message: Sendable, Hashable {
        /// Message id.
        public var id: String
        /// `chat`, `ptt`, …
        public var type: String
        /// Text, or base64 of a voice note.
        public var body: String
        /// Whether the business's number sent it.
        public var fromMe: Bool
        /// When.
        public var time: Date
        /// The customer message it quotes.
        public var quotedID: String?
        /// `sent`, `delivered`, `read`.
        public var deliveryStatus: String
        /// How it was sent by the business: `api` or `phone`.
        public var via: String?
        /// The text sent with a photo, video or document.
        public var caption: String? = nil
    }

    struct State {
        var chats: [String: [Message]] = [:]
        /// The chat of each message id.
        var chatOfMessage: [String: String] = [:]
        var names: [String: String] = [:]
        var webhookURL: String?
        var webhookTypes: [String] = []
        var failures: [(status: Int, retryAfter: Int?)] = []
        var lostAnswers = 0
        var down = false
        var holdingWebhooks = false
        var answerDelay: Duration?
        /// Chats whose sends fail with this HTTP status, while sends to other chats succeed.
        var failingChats: [String: Int] = [:]
        var webhooksPosted = 0
        var sendObservers: [@Sendable (String, Message) -> Void] = []

        mutating func append(_ message: Message, to chatID: String) {
            chats[chatID, default: []].append(message)
            chatOfMessage[message.id] = chatID
        }

        func message(_ id: String) -> Message? {
            chatOfMessage[id].flatMap { chats[$0]?.last { $0.id == id } }
        }
        var heldWebhooks: [(event: JSONValue, type: String)] = []
        var apiCalls = 0
        var sequence = 0
    }

    /// The simulated profile id.
    public let profileID: String
    /// The token requests must carry.
    public let token: String
    /// The business's own number.
    public let ownPhone: String
    let state = Mutex(State())
    let webhookClient: HTTPClient
    let logger: Logger

    /// Creates a simulator.
    public init(profileID: String = "sim-profile", token: String = "sim-token", ownPhone: String = "77000000000",
                webhookClient: HTTPClient = .shared, logger: Logger = Logger(label: "wappi-simulator")) {
        self.profileID = profileID
        self.token = token
        self.ownPhone = ownPhone
        self.webhookClient = webhookClient
        self.logger = logger
    }

    // MARK: Test API

    /// A customer writes; the message is stored and posted to the webhook (when one is set).
    /// - Parameter chosenID: the message id to use (a benchmark knows it before the webhook is answered).
    /// - Returns: the message id.
    @discardableResult
    public func customerWrites(phone: String, text: String, name: String? = nil, voice: Data? = nil, at time: Date = Date(),
                               id chosenID: String? = nil) async -> String {
        let (message, event) = state.withLock { state -> (Message, JSONValue) in
            state.sequence += 1
            let id = chosenID ?? String(format: "SIM%08X", state.sequence)
            let message = Message(id: id, type: voice == nil ? "chat" : "ptt", body: voice?.base64EncodedString() ?? text, fromMe: false,
                                  time: time, quotedID: nil, deliveryStatus: "delivered", via: nil)
            state.append(message, to: "\(phone)@c.us")
            if let name { state.names["\(phone)@c.us"] = name }
            return (message, self.webhookEvent(message, chatID: "\(phone)@c.us", type: "incoming_message", name: name ?? state.names["\(phone)@c.us"]))
        }
        await postWebhook(event, type: "incoming_message")
        return message.id
    }

    /// A customer sends a file (`image`, `video`, `document`, `sticker`, …), with an optional caption.
    /// - Returns: the message id.
    @discardableResult
    public func customerSendsFile(phone: String, type: String, data: Data, caption: String? = nil) async -> String {
        let (message, event) = state.withLock { state -> (Message, JSONValue) in
            state.sequence += 1
            let message = Message(id: String(format: "SIM%08X", state.sequence), type: type, body: data.base64EncodedString(), fromMe: false,
                                  time: Date(), quotedID: nil, deliveryStatus: "delivered", via: nil, caption: caption)
            state.append(message, to: "\(phone)@c.us")
            return (message, self.webhookEvent(message, chatID: "\(phone)@c.us", type: "incoming_message", name: state.names["\(phone)@c.us"]))
        }
        await postWebhook(event, type: "incoming_message")
        return message.id
    }

    /// The owner types in a chat on the phone (`outgoing_message_phone`).
    @discardableResult
    public func ownerWrites(phone: String, text: String) async -> String {
        let event = state.withLock { state -> JSONValue in
            state.sequence += 1
            let message = Message(id: String(format: "SIM%08X", state.sequence), type: "chat", body: text, fromMe: true, time: Date(),
                                  quotedID: nil, deliveryStatus: "sent", via: "phone")
            state.append(message, to: "\(phone)@c.us")
            return self.webhookEvent(message, chatID: "\(phone)@c.us", type: "outgoing_message_phone", name: nil)
        }
        await postWebhook(event, type: "outgoing_message_phone")
        return event["id"]?.stringValue ?? ""
    }

    /// Every message of a customer's chat, oldest first.
    public func chat(phone: String) -> [Message] {
        state.withLock { $0.chats["\(phone)@c.us"] ?? [] }
    }

    /// What the bot sent to a customer, oldest first.
    public func botMessages(phone: String) -> [Message] {
        chat(phone: phone).filter { $0.fromMe && $0.via == "api" }
    }

    /// The next `count` API calls answer `status` (429 with `Retry-After: retryAfter`, or 5xx).
    public func failNextCalls(_ count: Int, status: Int, retryAfter: Int? = nil) {
        state.withLock { $0.failures.append(contentsOf: Array(repeating: (status, retryAfter), count: count)) }
    }

    /// The next `count` sends go out but their answers are lost (a 502 instead), as when a proxy times out.
    public func loseAnswersOfNextSends(_ count: Int) {
        state.withLock { $0.lostAnswers += count }
    }

    /// Wappi goes down until ``comeBack()``: every API call answers 503. With `holdingWebhooks`, webhooks are
    /// held too (Wappi keeps its events while it cannot reach the phone or its own servers); without, only the
    /// API is down and events still arrive. Customers can write meanwhile: their phones keep working.
    public func goDown(holdingWebhooks: Bool = true) {
        state.withLock { state in
            state.down = true
            state.holdingWebhooks = holdingWebhooks
        }
    }

    /// Wappi is back: API calls are answered again and the held webhooks are posted, oldest first.
    public func comeBack() async {
        let held = state.withLock { state -> [(event: JSONValue, type: String)] in
            state.down = false
            state.holdingWebhooks = false
            defer { state.heldWebhooks = [] }
            return state.heldWebhooks
        }
        for webhook in held { await postWebhook(webhook.event, type: webhook.type) }
    }

    /// Sends to one customer fail with `status` (`nil`: they work again), while sends to others succeed: a reply
    /// that fails on its own, not an outage.
    public func failSends(toPhone phone: String, status: Int?) {
        state.withLock { $0.failingChats["\(phone)@c.us"] = status }
    }

    /// Every API call waits `delay` before it is answered (`nil`: answer at once), as a struggling Wappi does.
    public func answerSlowly(by delay: Duration?) {
        state.withLock { $0.answerDelay = delay }
    }

    /// Calls `observer` with the chat id and the message each time the bot sends one (from the request's task).
    public func observeBotSends(_ observer: @escaping @Sendable (String, Message) -> Void) {
        state.withLock { $0.sendObservers.append(observer) }
    }

    /// Webhook posts answered by the receiver so far.
    public var webhooksPosted: Int { state.withLock { $0.webhooksPosted } }

    /// API calls received so far.
    public var apiCalls: Int { state.withLock { $0.apiCalls } }

    /// The registered webhook URL.
    public var webhookURL: String? { state.withLock { $0.webhookURL } }

    // MARK: Routes

    /// Routes of the simulated API and its control endpoints.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let api = router.group("api")
        api.add(middleware: SlowAnswers { self.state.withLock { $0.answerDelay } })
        api.get("sync/get/status") { request, _ in self.guarded(request) {
            let (url, types) = self.state.withLock { ($0.webhookURL, $0.webhookTypes) }
            return Self.done(["app_status": "open", "authorized": true, "phone": .string(self.ownPhone),
                              "payment_expired_at": "2027-01-01T00:00:00Z", "webhook_url": url.map(JSONValue.string) ?? .null,
                              "webhook_types": .array(types.map(JSONValue.string))])
        } }
        for method in [HTTPRequest.Method.get, .post] {
            api.on("sync/chats/get", method: method) { request, _ in self.guarded(request) {
                let dialogs = self.state.withLock { state in
                    state.chats.sorted { ($0.value.last?.time ?? .distantPast) > ($1.value.last?.time ?? .distantPast) }.map { chatID, messages -> JSONValue in
                        ["id": .string(chatID), "name": state.names[chatID].map(JSONValue.string) ?? .null,
                         "last_message_id": messages.last.map { .string($0.id) } ?? .null,
                         "last_time": .number(messages.last?.time.timeIntervalSince1970.rounded(.down) ?? 0)]
                    }
                }
                return Self.done(["dialogs": .array(dialogs), "total_count": .number(Double(dialogs.count))])
            } }
        }
        api.get("sync/messages/get") { request, _ in self.guarded(request) {
            let parameters = request.uri.queryParameters
            guard let chat = parameters.get("chat_id") else { return Self.fail(400, "chat_id is required") }
            let chatID = chat.contains("@") ? chat : "\(chat)@c.us"
            let limit = Int(parameters.get("limit") ?? "") ?? 400
            let offset = Int(parameters.get("offset") ?? "") ?? 0
            let since = parameters.get("date").flatMap(Self.parseWappiDate)
            let ascending = parameters.get("order") == "asc"
            let messages = self.state.withLock { $0.chats[chatID] ?? [] }
                .filter { message in since.map { message.time >= $0 } ?? true }
            let ordered = ascending ? messages : messages.reversed()
            let page = ordered.dropFirst(offset).prefix(limit)
            return Self.done(["messages": .array(page.map { self.syncMessage($0, chatID: chatID) }),
                              "total_count": .number(Double(messages.count))])
        } }
        api.post("sync/message/send") { request, context in
            let body = try await Self.json(request)
            return await self.guardedAsync(request) {
                guard let recipient = body["recipient"]?.stringValue, let text = body["body"]?.stringValue, !text.isEmpty else {
                    return Self.fail(400, "recipient and body are required")
                }
                return await self.botSends(chatID: "\(recipient.filter(\.isNumber))@c.us", text: text, quoting: nil)
            }
        }
        api.post("sync/message/reply") { request, context in
            let body = try await Self.json(request)
            return await self.guardedAsync(request) {
                guard let quoted = body["message_id"]?.stringValue, let text = body["body"]?.stringValue, !text.isEmpty else {
                    return Self.fail(400, "message_id and body are required")
                }
                guard let chatID = self.state.withLock({ $0.chatOfMessage[quoted] }) else {
                    return Self.fail(400, "message \(quoted) not found")
                }
                return await self.botSends(chatID: chatID, text: text, quoting: quoted)
            }
        }
        api.post("sync/message/mark/read") { request, context in
            let body = try await Self.json(request)
            return self.guarded(request) {
                guard let id = body["message_id"]?.stringValue else { return Self.fail(400, "message_id is required") }
                self.state.withLock { state in
                    guard let chatID = state.chatOfMessage[id], let index = state.chats[chatID]?.lastIndex(where: { $0.id == id }) else { return }
                    state.chats[chatID]?[index].deliveryStatus = "read"
                }
                return Self.done([:])
            }
        }
        api.get("sync/message/media/download") { request, context in self.guarded(request) {
            guard let id = request.uri.queryParameters.get("message_id"),
                  let message = self.state.withLock({ $0.message(id) }), message.type == "ptt" else {
                return Self.fail(400, "media not found")
            }
            let host = request.head.authority ?? "127.0.0.1"
            return Self.done(["file_link": .string("http://\(host)/_simulator/media/\(message.id)"), "mime_type": "audio/ogg; codecs=opus",
                              "file_name": .string("\(message.id).ogg"), "media_type": "ptt"])
        } }
        api.post("webhook/url/set") { request, _ in self.guarded(request) {
            guard let url = request.uri.queryParameters.get("url"), !url.isEmpty else { return Self.fail(400, "url is required") }
            self.state.withLock { $0.webhookURL = url }
            return Self.done([:])
        } }
        api.post("webhook/types/set") { request, context in
            let body = try await Self.json(request)
            return self.guarded(request) {
                guard let types = body.arrayValue?.compactMap(\.stringValue) else { return Self.fail(400, "a JSON array of types is required") }
                self.state.withLock { $0.webhookTypes = types }
                return Self.done([:])
            }
        }
        router.get("_simulator/media/:id") { _, context -> Response in
            let id = context.parameters.get("id") ?? ""
            guard let message = self.state.withLock({ $0.message(id) }),
                  let data = Data(base64Encoded: message.body) else { return Response(status: .notFound) }
            return Response(status: .ok, headers: [.contentType: "audio/ogg"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.post("_simulator/customers/:phone/messages") { request, context -> Response in
            let phone = context.parameters.get("phone") ?? ""
            let body = try await Self.json(request)
            let voice = body["voice_base64"]?.stringValue.flatMap { Data(base64Encoded: $0) }
            let id = await self.customerWrites(phone: phone, text: body["text"]?.stringValue ?? "", name: body["name"]?.stringValue, voice: voice)
            return Self.done(["message_id": .string(id)])
        }
        router.get("_simulator/chats/:phone") { _, context -> Response in
            let phone = context.parameters.get("phone") ?? ""
            let messages = self.chat(phone: phone).map { self.syncMessage($0, chatID: "\(phone)@c.us") }
            return Self.done(["messages": .array(messages)])
        }
        router.post("_simulator/failures") { request, _ -> Response in
            let body = try await Self.json(request)
            self.failNextCalls(Int(body["count"]?.numberValue ?? 1), status: Int(body["status"]?.numberValue ?? 500),
                               retryAfter: body["retry_after"]?.numberValue.map { Int($0) })
            return Self.done([:])
        }
        router.post("_simulator/outage") { request, _ -> Response in
            let body = try await Self.json(request)
            if body["down"]?.boolValue == true {
                self.goDown(holdingWebhooks: body["hold_webhooks"]?.boolValue ?? true)
            } else {
                await self.comeBack()
            }
            return Self.done([:])
        }
        return router
    }

    // MARK: Behaviour

    private func botSends(chatID: String, text: String, quoting: String?) async -> Response {
        if let status = state.withLock({ $0.failingChats[chatID] }) {
            return Self.fail(status, "simulated failure of sends to \(chatID)")
        }
        let (message, echo) = state.withLock { state -> (Message, JSONValue) in
            state.sequence += 1
            let message = Message(id: String(format: "BOT%08X", state.sequence), type: "chat", body: text, fromMe: true, time: Date(),
                                  quotedID: quoting, deliveryStatus: "sent", via: "api")
            state.append(message, to: chatID)
            return (message, self.webhookEvent(message, chatID: chatID, type: "outgoing_message_api", name: nil))
        }
        for observer in state.withLock({ $0.sendObservers }) { observer(chatID, message) }
        await postWebhook(echo, type: "outgoing_message_api")
        let status: JSONValue = ["id": .string(UUID().uuidString), "profile_id": .string(profileID), "wh_type": "delivery_status",
                                 "body": "delivered", "stanza_id": .string(message.id), "chatId": .string(chatID),
                                 "time": .number(Date().timeIntervalSince1970.rounded(.down))]
        let lost = state.withLock { state -> Bool in
            guard state.lostAnswers > 0 else { return false }
            state.lostAnswers -= 1
            return true
        }
        if lost { return Self.fail(502, "Bad Gateway") }
        // The phone reports delivery a moment after the send call returned, as on the real service.
        Task {
            try? await Task.sleep(for: .milliseconds(150))
            await self.postWebhook(status, type: "delivery_status")
        }
        return Self.done(["message_id": .string(message.id), "task_id": .string(UUID().uuidString)])
    }

    private func webhookEvent(_ message: Message, chatID: String, type: String, name: String?) -> JSONValue {
        var event: [String: JSONValue] = [
            "id": .string(message.id), "profile_id": .string(profileID), "wh_type": .string(type),
            "timestamp": .string(message.time.formatted(.iso8601)), "time": .number(message.time.timeIntervalSince1970.rounded(.down)),
            "type": .string(message.type), "body": .string(message.body),
            "from": .string(message.fromMe ? "\(ownPhone)@c.us" : chatID), "to": .string(message.fromMe ? chatID : "\(ownPhone)@c.us"),
            "chatId": .string(chatID), "is_me": .bool(message.fromMe), "chat_type": "dialog", "from_where": message.fromMe ? .string(message.via ?? "api") : .null,
        ]
        if let name { event["senderName"] = .string(name) }
        if let caption = message.caption { event["caption"] = .string(caption) }
        if message.type == "ptt" {
            event["mimetype"] = "audio/ogg; codecs=opus"
            event["length_seconds"] = 4
        }
        return .object(event)
    }

    private func syncMessage(_ message: Message, chatID: String) -> JSONValue {
        ["id": .string(message.id), "type": .string(message.type), "body": .string(message.body),
         "from": .string(message.fromMe ? "\(ownPhone)@c.us" : chatID), "to": .string(message.fromMe ? chatID : "\(ownPhone)@c.us"),
         "fromMe": .bool(message.fromMe), "time": .number(message.time.timeIntervalSince1970.rounded(.down)), "chatId": .string(chatID),
         "isReply": .bool(message.quotedID != nil), "stanzaId": .string(message.quotedID ?? ""), "delivery_status": .string(message.deliveryStatus),
         "caption": .string(message.caption ?? ""), "senderName": state.withLock { $0.names[chatID] }.map(JSONValue.string) ?? .null]
    }

    private func postWebhook(_ event: JSONValue, type: String) async {
        let (url, types, held) = state.withLock { state in
            if state.holdingWebhooks { state.heldWebhooks.append((event, type)) }
            return (state.webhookURL, state.webhookTypes, state.holdingWebhooks)
        }
        guard !held, let url, types.isEmpty || types.contains(type) else { return }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "WappiWH")
        request.body = .bytes(ByteBuffer(string: JSONValue.object(["messages": [event]]).jsonText))
        do {
            let response = try await webhookClient.execute(request, timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1 << 20)
            state.withLock { $0.webhooksPosted += 1 }
        } catch {
            logger.warning("webhook delivery failed", metadata: ["url": "\(url)", "error": "\(error)"])
        }
    }

    private func authorise(_ request: Request) -> Response? {
        let failure = state.withLock { state -> (status: Int, retryAfter: Int?)? in
            state.apiCalls += 1
            if state.down { return (503, nil) }
            return state.failures.isEmpty ? nil : state.failures.removeFirst()
        }
        if let failure {
            var headers: HTTPFields = [.contentType: "application/json"]
            if let retryAfter = failure.retryAfter { headers[.retryAfter] = "\(retryAfter)" }
            return Response(status: .init(code: failure.status), headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: #"{"status":"error","detail":"simulated failure"}"#)))
        }
        guard request.headers[.authorization] == token else { return Self.fail(401, "Unauthorized") }
        guard request.uri.queryParameters.get("profile_id") == profileID else { return Self.fail(400, "Profile not found") }
        return nil
    }

    private func guarded(_ request: Request, _ body: () -> Response) -> Response {
        authorise(request) ?? body()
    }

    private func guardedAsync(_ request: Request, _ body: () async -> Response) async -> Response {
        if let refusal = authorise(request) { return refusal }
        return await body()
    }

    static func json(_ request: Request) async throws -> JSONValue {
        var request = request
        let bytes = try await request.collectBody(upTo: 1 << 20)
        return (try? JSONValue.parse(Data(bytes.readableBytesView))) ?? .null
    }

    static func done(_ fields: [String: JSONValue]) -> Response {
        var body = fields
        body["status"] = "done"
        body["timestamp"] = .number(Date().timeIntervalSince1970.rounded(.down))
        body["time"] = .string(Date().formatted(.iso8601))
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: JSONValue.object(body).jsonText)))
    }

    static func fail(_ status: Int, _ detail: String) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(string: JSONValue.object(["status": "error", "detail": .string(detail)]).jsonText)))
    }

    static func parseWappiDate(_ text: String) -> Date? {
        try? Date(text + "Z", strategy: .iso8601)
    }
}

/// Delays every answer of the simulated API by the simulator's current answer delay.
struct SlowAnswers<Context: RequestContext>: RouterMiddleware {
    let delay: @Sendable () -> Duration?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let delay = delay() { try await Task.sleep(for: delay) }
        return try await next(request, context)
    }
}
