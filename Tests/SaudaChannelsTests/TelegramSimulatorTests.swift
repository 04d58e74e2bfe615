import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SaudaCore
import SaudaSimulators
import Synchronization
import Testing

/// The Telegram Bot API simulator over real HTTP on loopback: envelopes, polling, webhooks, sending, files, business.
@Suite struct TelegramSimulatorTests {
    static let botID: Int64 = 7_000_000_001

    /// An answer of the simulator: status, JSON body and the Retry-After header.
    struct Answer: Sendable {
        var status: Int
        var body: JSONValue
        var retryAfter: String?

        var description: String? { body["description"]?.stringValue }
        var result: JSONValue? { body["result"] }
    }

    /// The simulator with one bot, served on a free port; `body` gets the simulator, its base URL and the bot's token.
    static func withTelegram(retryDelay: Duration = .milliseconds(20), maxRetryDelay: Duration = .milliseconds(400), client: HTTPClient = .shared,
                             setWebhookInterval: Duration = .seconds(1),
                             _ body: @escaping @Sendable (TelegramSimulator, String, String) async throws -> Void) async throws {
        let simulator = TelegramSimulator(webhookClient: client, webhookRetryDelay: retryDelay, webhookMaxRetryDelay: maxRetryDelay,
                                          setWebhookInterval: setWebhookInterval)
        let token = simulator.addBot(id: botID, username: "shop_bot", firstName: "Shop")
        try await SimulatorServer.withServer(simulator.router()) { port in
            try await body(simulator, "http://127.0.0.1:\(port)", token)
        }
    }

    /// Calls a method with a JSON body (or, with `form`, a form-encoded one).
    static func call(_ base: String, _ token: String, _ method: String, _ parameters: [String: JSONValue] = [:], form: Bool = false,
                     timeout: TimeAmount = .seconds(15)) async throws -> Answer {
        var request = HTTPClientRequest(url: "\(base)/bot\(token)/\(method)")
        request.method = .POST
        if form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            let text = parameters.map { key, value in
                let raw = value.stringValue ?? value.jsonText
                return "\(key)=\(raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? raw)"
            }.joined(separator: "&")
            request.body = .bytes(ByteBuffer(string: text))
        } else {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: JSONValue.object(parameters).jsonText))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 1 << 24)
        return Answer(status: Int(response.status.code), body: (try? JSONValue.parse(Data(bytes.readableBytesView))) ?? .null,
                      retryAfter: response.headers.first(name: "Retry-After"))
    }

    /// A webhook receiver on a free port: records every delivery (body and secret header) and answers with `status(attempt, update)`.
    final class Receiver: Sendable {
        struct Delivery: Sendable {
            var update: JSONValue
            var secret: String?
            var at: ContinuousClock.Instant
        }

        let deliveries = Mutex<[Delivery]>([])
        let answer: @Sendable (Int, JSONValue) async -> (status: Int, retryAfter: Int?)

        init(answer: @escaping @Sendable (Int, JSONValue) async -> (status: Int, retryAfter: Int?) = { _, _ in (200, nil) }) {
            self.answer = answer
        }

        func router() -> Router<BasicRequestContext> {
            let router = Router()
            router.post("hook") { request, _ -> Response in
                var request = request
                let bytes = try await request.collectBody(upTo: 1 << 20)
                let update = (try? JSONValue.parse(Data(bytes.readableBytesView))) ?? .null
                let attempt = self.deliveries.withLock { deliveries in
                    deliveries.append(Delivery(update: update, secret: HTTPField.Name("X-Telegram-Bot-Api-Secret-Token").flatMap { request.headers[$0] },
                                               at: .now))
                    return deliveries.count
                }
                let (status, retryAfter) = await self.answer(attempt, update)
                var headers = HTTPFields()
                if let retryAfter { headers[.retryAfter] = "\(retryAfter)" }
                return Response(status: .init(code: status), headers: headers)
            }
            return router
        }

        var all: [Delivery] { deliveries.withLock { $0 } }
    }

    /// Waits until `condition` holds (up to `limit`).
    static func eventually(_ limit: Duration = .seconds(30), _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    // MARK: Basics

    @Test func getMeAndTokenErrors() async throws {
        try await Self.withTelegram { simulator, base, token in
            let me = try await Self.call(base, token, "getMe")
            #expect(me.status == 200 && me.body["ok"] == true)
            #expect(me.result?["id"] == .number(Double(Self.botID)))
            #expect(me.result?["is_bot"] == true && me.result?["username"] == "shop_bot" && me.result?["first_name"] == "Shop")
            #expect(me.result?["can_connect_to_business"] == true && me.result?["has_main_web_app"] == false)
            #expect(me.result?["can_join_groups"] != nil && me.result?["supports_inline_queries"] != nil)
            #expect(try await Self.call(base, token, "GETME").status == 200)

            let unknown = try await Self.call(base, "\(Self.botID):wrong-secret", "getMe")
            #expect(unknown.status == 401 && unknown.body == ["ok": false, "error_code": 401, "description": "Unauthorized"])
            let malformed = try await Self.call(base, "not-a-token", "getMe")
            #expect(malformed.status == 401 && malformed.description == "Unauthorized: invalid token specified")
            let method = try await Self.call(base, token, "getNothing")
            #expect(method.status == 404 && method.description == "Not Found: method not found")
            #expect(simulator.callCount(botID: Self.botID, method: "getme") == 2)

            simulator.revokeToken(botID: Self.botID)
            #expect(try await Self.call(base, token, "getMe").status == 401)
        }
    }

    // MARK: Polling

    @Test func pollingConfirmsByOffsetAndNegativeOffsetKeepsTheLast() async throws {
        try await Self.withTelegram { simulator, base, token in
            for text in ["один", "два", "три"] { await simulator.customerWrites(botID: Self.botID, userID: 501, text: text, firstName: "Айгерим") }
            let first = try await Self.call(base, token, "getUpdates")
            let updates = first.result?.arrayValue ?? []
            #expect(updates.map { $0["message"]?["text"] } == ["один", "два", "три"])
            #expect(updates.first?["message"]?["from"]?["id"] == 501 && updates.first?["message"]?["chat"]?["type"] == "private")
            let ids = updates.compactMap { $0["update_id"]?.numberValue }.map { Int($0) }
            #expect(ids == ids.sorted() && Set(ids).count == 3)
            // Form-encoded, numbers as strings: confirms the first two.
            let confirmed = try await Self.call(base, token, "getUpdates", ["offset": .string("\(ids[1] + 1)")], form: true)
            #expect(confirmed.result?.arrayValue?.count == 1)
            #expect(simulator.pendingUpdateCount(botID: Self.botID) == 1)
            #expect(try await Self.call(base, token, "getUpdates", ["offset": .number(Double(ids[2] + 1))]).result == [])
            #expect(simulator.pendingUpdateCount(botID: Self.botID) == 0)

            for text in ["a", "b", "c"] { await simulator.customerWrites(botID: Self.botID, userID: 501, text: text) }
            let last = try await Self.call(base, token, "getUpdates", ["offset": -1])
            #expect(last.result?.arrayValue?.map { $0["message"]?["text"] } == ["c"])
            #expect(simulator.pendingUpdateCount(botID: Self.botID) == 1)
            let limited = try await Self.call(base, token, "getUpdates", ["limit": 1, "offset": 0])
            #expect(limited.result?.arrayValue?.count == 1)
        }
    }

    @Test func longPollWakesWhenAnUpdateArrives() async throws {
        try await Self.withTelegram { simulator, base, token in
            let started = ContinuousClock.now
            async let poll = Self.call(base, token, "getUpdates", ["timeout": 50], timeout: .seconds(60))
            try await Task.sleep(for: .milliseconds(300))
            await simulator.customerWrites(botID: Self.botID, userID: 77, text: "Есть окно на пятницу?")
            let answer = try await poll
            #expect(answer.result?.arrayValue?.first?["message"]?["text"] == "Есть окно на пятницу?")
            // Woken by the update, not by the end of its 50 s (a loaded machine may take seconds to get there).
            #expect(ContinuousClock.now - started < .seconds(40))
            // An empty short poll and an empty long poll that times out.
            let offset = (answer.result?.arrayValue?.first?["update_id"]?.numberValue ?? 0) + 1
            let timedOut = try await Self.call(base, token, "getUpdates", ["offset": .number(offset), "timeout": 1])
            #expect(timedOut.status == 200 && timedOut.result == [])
        }
    }

    @Test func secondLongPollTerminatesTheFirst() async throws {
        try await Self.withTelegram { simulator, base, token in
            async let first = Self.call(base, token, "getUpdates", ["timeout": 20])
            #expect(try await Self.eventually { simulator.callCount(botID: Self.botID, method: "getUpdates") == 1 })
            try await Task.sleep(for: .milliseconds(100))
            async let second = Self.call(base, token, "getUpdates", ["timeout": 20])
            let ended = try await first
            #expect(ended.status == 409)
            #expect(ended.description == "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
            await simulator.customerWrites(botID: Self.botID, userID: 5, text: "hi")
            let woken = try await second.result?.arrayValue ?? []
            #expect(woken.count == 1)
            let offset = (woken.first?["update_id"]?.numberValue ?? 0) + 1

            async let third = Self.call(base, token, "getUpdates", ["timeout": 20, "offset": .number(offset), "allowed_updates": ["business_message"]])
            #expect(try await Self.eventually { simulator.callCount(botID: Self.botID, method: "getUpdates") == 3 })
            try await Task.sleep(for: .milliseconds(100))
            await simulator.customerWrites(botID: Self.botID, userID: 5, text: "filtered out")
            try await Task.sleep(for: .milliseconds(100))
            #expect(try await Self.call(base, token, "setWebhook", ["url": "http://127.0.0.1:9/hook"]).result == true)
            let cut = try await third
            #expect(cut.status == 409 && cut.description == "Conflict: terminated by setWebhook request")
        }
    }

    @Test func getUpdatesWhileAWebhookIsSetIsAConflict() async throws {
        // A long interval between setWebhook calls: on a loaded machine the second call may come a second later.
        try await Self.withTelegram(setWebhookInterval: .seconds(600)) { simulator, base, token in
            let set = try await Self.call(base, token, "setWebhook", ["url": "http://127.0.0.1:9/hook", "secret_token": "abc_DEF-1"])
            #expect(set.result == true && set.description == "Webhook was set")
            let conflict = try await Self.call(base, token, "getUpdates")
            #expect(conflict.status == 409 && conflict.body["error_code"] == 409)
            #expect(conflict.description == "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
            let tooSoon = try await Self.call(base, token, "setWebhook", ["url": "http://127.0.0.1:9/hook"])
            #expect(tooSoon.status == 429 && tooSoon.body["parameters"]?["retry_after"] == 1)
            #expect(simulator.webhookURL(botID: Self.botID) == "http://127.0.0.1:9/hook")
            let badSecret = try await Self.call(base, token, "setWebhook", ["url": "http://127.0.0.1:9/hook", "secret_token": "no spaces"])
            #expect(badSecret.status == 400 && badSecret.description == "Bad Request: secret token contains unallowed characters")
            let deleted = try await Self.call(base, token, "deleteWebhook")
            #expect(deleted.description == "Webhook was deleted")
            #expect(try await Self.call(base, token, "deleteWebhook").description == "Webhook is already deleted")
            #expect(try await Self.call(base, token, "getUpdates").status == 200)
        }
    }

    @Test func longPollEndsWhenTheServerStops() async throws {
        let simulator = TelegramSimulator()
        let token = simulator.addBot(id: Self.botID, username: "shop_bot")
        let held = try await SimulatorServer.withServer(simulator.router()) { port async throws -> ContinuousClock.Instant in
            let poll = Task { try? await Self.call("http://127.0.0.1:\(port)", token, "getUpdates", ["timeout": 50], timeout: .seconds(60)) }
            // The server stops once the simulator holds the long poll.
            #expect(try await Self.eventually { simulator.callCount(botID: Self.botID, method: "getUpdates") == 1 })
            _ = poll
            return ContinuousClock.now
        }
        // Well before the poll's 50 s from when the simulator held it: the stopping server ended it.
        #expect(ContinuousClock.now - held < .seconds(40))
    }

    @Test func otherUpdateKindsAndParameterForms() async throws {
        try await Self.withTelegram { simulator, base, token in
            await simulator.customerSharesContact(botID: Self.botID, userID: 11, phoneNumber: "+77011234567", firstName: "Айгерим")
            await simulator.customerSendsPhoto(botID: Self.botID, userID: 11, caption: "вот фото")
            await simulator.customerSendsDocument(botID: Self.botID, userID: 11, fileName: "price.pdf", caption: nil)
            let first = await simulator.customerWrites(botID: Self.botID, userID: 11, text: "опечтка")
            await simulator.customerEdits(botID: Self.botID, userID: 11, messageID: first, text: "опечатка")
            await simulator.groupMessage(botID: Self.botID, groupID: -4001, userID: 12, text: "всем привет")
            await simulator.enqueueRaw(botID: Self.botID, update: ["weird_kind": ["x": 1]])
            // GET with query parameters.
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(base)/bot\(token)/getupdates?limit=100"), timeout: .seconds(5))
            let body = try JSONValue.parse(Data(try await response.body.collect(upTo: 1 << 20).readableBytesView))
            let updates = body["result"]?.arrayValue ?? []
            #expect(updates.count == 7)
            #expect(updates[0]["message"]?["contact"]?["phone_number"] == "+77011234567" && updates[0]["message"]?["contact"]?["user_id"] == 11)
            #expect(updates[1]["message"]?["photo"]?.arrayValue?.count == 2 && updates[1]["message"]?["caption"] == "вот фото")
            #expect(updates[2]["message"]?["document"]?["file_name"] == "price.pdf")
            #expect(updates[4]["edited_message"]?["text"] == "опечатка" && updates[4]["edited_message"]?["edit_date"] != nil)
            #expect(updates[4]["edited_message"]?["message_id"] == .number(Double(first)))
            #expect(updates[5]["message"]?["chat"]?["type"] == "group" && updates[5]["message"]?["chat"]?["id"] == -4001)
            #expect(updates[6]["weird_kind"] == ["x": 1] && updates[6]["update_id"] != nil)

            // A multipart body, as clients send when a file goes along.
            var multipart = HTTPClientRequest(url: "\(base)/bot\(token)/sendMessage")
            multipart.method = .POST
            multipart.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=XyZ")
            multipart.body = .bytes(ByteBuffer(string: "--XyZ\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n11\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nмульти\r\n--XyZ--\r\n"))
            let sent = try await HTTPClient.shared.execute(multipart, timeout: .seconds(5))
            #expect(sent.status.code == 200)
            #expect(simulator.sentMessages(botID: Self.botID, chatID: 11).map(\.text) == ["мульти"])
            #expect(try await Self.call(base, token, "sendMessage", ["chat_id": -4001, "text": "в группу"]).status == 200)

            // HTML and legacy Markdown.
            let html = try await Self.call(base, token, "sendMessage", ["chat_id": 11, "text": "<b>Цена</b> &lt;500&gt; <a href=\"https://x.kz\">тут</a>",
                                                                      "parse_mode": "HTML"])
            #expect(html.result?["text"] == "Цена <500> тут")
            let unclosed = try await Self.call(base, token, "sendMessage", ["chat_id": 11, "text": "*bold", "parse_mode": "Markdown"])
            #expect(unclosed.description == "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 0")
            let markdownV2 = try await Self.call(base, token, "sendMessage", ["chat_id": 11, "text": "*жирный _курсив", "parse_mode": "MarkdownV2"])
            #expect(markdownV2.description?.hasPrefix("Bad Request: can't parse entities: Can't find end of the entity") == true)
            let link = try await Self.call(base, token, "sendMessage", ["chat_id": 11, "text": "[сайт](https://x.kz/a_(b\\))", "parse_mode": "MarkdownV2"])
            #expect(link.result?["text"] == "сайт")
        }
    }

    @Test func updatesStayQueuedWhileTheWebhookFailsAndAllowedUpdatesFilter() async throws {
        // A client that gives up on a refused connection at once (the shared one retries it until its connect timeout).
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        try await HTTPClient.withHTTPClient(configuration: configuration) { client in
            try await Self.withTelegram(retryDelay: .milliseconds(10), maxRetryDelay: .milliseconds(50), client: client) { simulator, base, token in
                _ = try await Self.call(base, token, "setWebhook", ["url": "http://127.0.0.1:9/dead", "allowed_updates": ["message"]])
                await simulator.customerWrites(botID: Self.botID, userID: 21, text: "ждёт")
                _ = await simulator.connectBusiness(botID: Self.botID, ownerID: 22)
                #expect(simulator.pendingUpdateCount(botID: Self.botID) == 1)
                var info = try await Self.call(base, token, "getWebhookInfo")
                #expect(info.result?["pending_update_count"] == 1 && info.result?["allowed_updates"] == ["message"])
                let deadline = ContinuousClock.now + .seconds(5)
                while info.result?["last_error_message"] == nil, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                    info = try await Self.call(base, token, "getWebhookInfo")
                }
                #expect(info.result?["last_error_message"] == "Connection refused" && info.result?["last_error_date"] != nil)
                #expect(try await Self.call(base, token, "deleteWebhook").result == true)
                let polled = try await Self.call(base, token, "getUpdates")
                #expect(polled.result?.arrayValue?.map { $0["message"]?["text"] } == ["ждёт"])
            }
        }
    }

    // MARK: Webhook delivery

    @Test func webhookDeliversWithTheSecretInChatOrderRetryingFailures() async throws {
        // Chat 1's first delivery fails once; its second message must wait for it. Chat 2 goes meanwhile.
        let failedOnce = Mutex(false)
        let receiver = Receiver { _, update in
            guard update["message"]?["text"] == "1-first" else { return (200, nil) }
            return failedOnce.withLock { failed in
                defer { failed = true }
                return failed ? (200, nil) : (502, nil)
            }
        }
        try await SimulatorServer.withServer(receiver.router()) { hookPort in
            try await Self.withTelegram { simulator, base, token in
                await simulator.customerWrites(botID: Self.botID, userID: 1, text: "1-first")
                await simulator.customerWrites(botID: Self.botID, userID: 1, text: "1-second")
                await simulator.customerWrites(botID: Self.botID, userID: 2, text: "2-first")
                let set = try await Self.call(base, token, "setWebhook", ["url": .string("http://127.0.0.1:\(hookPort)/hook"),
                                                                        "secret_token": "s3cret", "max_connections": 5])
                #expect(set.result == true)
                #expect(try await Self.eventually { simulator.pendingUpdateCount(botID: Self.botID) == 0 })
                let deliveries = receiver.all
                #expect(deliveries.allSatisfy { $0.secret == "s3cret" })
                let chatOne = deliveries.compactMap { $0.update["message"]?["chat"]?["id"] == 1 ? $0.update["message"]?["text"]?.stringValue : nil }
                #expect(chatOne == ["1-first", "1-first", "1-second"])
                #expect(deliveries.count == 4)
                let info = try await Self.call(base, token, "getWebhookInfo")
                #expect(info.result?["last_error_message"] == "Wrong response from the webhook: 502 Bad Gateway")
                #expect(info.result?["pending_update_count"] == 0 && info.result?["max_connections"] == 5)

                // The same update again when a 2xx is treated as lost.
                simulator.failNextWebhookDeliveries(botID: Self.botID, count: 1)
                await simulator.customerWrites(botID: Self.botID, userID: 3, text: "again")
                #expect(try await Self.eventually { simulator.pendingUpdateCount(botID: Self.botID) == 0 })
                #expect(receiver.all.filter { $0.update["message"]?["text"] == "again" }.count == 2)
            }
        }
    }

    @Test func webhookKeepsEveryChatInOrderUnderFailuresAndParallelChats() async throws {
        // Every third attempt fails; a chat never has two deliveries at once, and its updates are taken in order.
        let inFlight = Mutex<Set<Int64>>([])
        let overlapped = Mutex(false)
        let accepted = Mutex<[Int64: [String]]>([:])
        let receiver = Receiver { attempt, update in
            let chat = Int64(update["message"]?["chat"]?["id"]?.numberValue ?? 0)
            let text = update["message"]?["text"]?.stringValue ?? ""
            inFlight.withLock { chats in
                if !chats.insert(chat).inserted { overlapped.withLock { $0 = true } }
            }
            try? await Task.sleep(for: .milliseconds(2))
            inFlight.withLock { _ = $0.remove(chat) }
            guard attempt % 3 != 0 else { return (500, nil) }
            accepted.withLock { $0[chat, default: []].append(text) }
            return (200, nil)
        }
        try await SimulatorServer.withServer(receiver.router()) { hookPort in
            try await Self.withTelegram(retryDelay: .milliseconds(5), maxRetryDelay: .milliseconds(20)) { simulator, base, token in
                _ = try await Self.call(base, token, "setWebhook", ["url": .string("http://127.0.0.1:\(hookPort)/hook"), "max_connections": 3])
                for index in 0..<10 {
                    for chat in Int64(1)...5 { await simulator.customerWrites(botID: Self.botID, userID: chat, text: "\(chat)-\(index)") }
                }
                #expect(try await Self.eventually(.seconds(60)) { simulator.pendingUpdateCount(botID: Self.botID) == 0 })
                #expect(!overlapped.withLock { $0 })
                let chats = accepted.withLock { $0 }
                for chat in Int64(1)...5 {
                    #expect(chats[chat] == (0..<10).map { "\(chat)-\($0)" })
                }
            }
        }
    }

    @Test func webhookHonoursRetryAfter() async throws {
        let receiver = Receiver { attempt, _ in attempt == 1 ? (429, 30) : (200, nil) }
        try await SimulatorServer.withServer(receiver.router()) { hookPort in
            // Retry-After 30 s is capped at the 300 ms maximum, well above the 10 ms base delay.
            try await Self.withTelegram(retryDelay: .milliseconds(10), maxRetryDelay: .milliseconds(300)) { simulator, base, token in
                _ = try await Self.call(base, token, "setWebhook", ["url": .string("http://127.0.0.1:\(hookPort)/hook")])
                await simulator.customerWrites(botID: Self.botID, userID: 9, text: "wait for me")
                #expect(try await Self.eventually { receiver.all.count == 2 })
                let times = receiver.all.map(\.at)
                #expect(times[1] - times[0] >= .milliseconds(290))
            }
        }
    }

    // MARK: Sending

    @Test func sendMessageLimitsAndMarkup() async throws {
        try await Self.withTelegram { simulator, base, token in
            let customer = await simulator.customerWrites(botID: Self.botID, userID: 42, text: "Привет")
            let unknownChat = try await Self.call(base, token, "sendMessage", ["chat_id": 43, "text": "hi"])
            #expect(unknownChat.status == 400 && unknownChat.description == "Bad Request: chat not found")
            let empty = try await Self.call(base, token, "sendMessage", ["chat_id": 42, "text": "  \n "])
            #expect(empty.status == 400 && empty.description == "Bad Request: message text is empty")
            let long = try await Self.call(base, token, "sendMessage", ["chat_id": "42", "text": .string(String(repeating: "я", count: 4097))])
            #expect(long.status == 400 && long.description == "Bad Request: message is too long")
            #expect(try await Self.call(base, token, "sendMessage", ["chat_id": 42, "text": .string(String(repeating: "я", count: 4096))]).status == 200)
            let markdown = try await Self.call(base, token, "sendMessage", ["chat_id": 42, "text": "Цена *500* тенге.", "parse_mode": "MarkdownV2"])
            #expect(markdown.status == 400)
            #expect(markdown.description == "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'")
            let escaped = try await Self.call(base, token, "sendMessage", ["chat_id": 42, "text": "Цена *500* тенге\\.", "parse_mode": "MarkdownV2"])
            #expect(escaped.status == 200 && escaped.result?["text"] == "Цена 500 тенге.")
            let html = try await Self.call(base, token, "sendMessage", ["chat_id": 42, "text": "<b>bold</i>", "parse_mode": "HTML"])
            #expect(html.status == 400 && html.description?.hasPrefix("Bad Request: can't parse entities: ") == true)
            #expect(try await Self.call(base, token, "sendMessage", ["chat_id": 42, "text": "<blink>x</blink>", "parse_mode": "HTML"]).status == 400)

            let missing = try await Self.call(base, token, "sendMessage", ["chat_id": 42, "text": "re", "reply_parameters": ["message_id": 999]])
            #expect(missing.status == 400 && missing.description == "Bad Request: message to be replied not found")
            let anyway = try await Self.call(base, token, "sendMessage", ["chat_id": 42, "text": "re",
                                                                        "reply_parameters": ["message_id": 999, "allow_sending_without_reply": true]])
            #expect(anyway.status == 200 && anyway.result?["reply_to_message"] == nil)
            let reply = try await Self.call(base, token, "sendMessage", ["chat_id": 42, "text": "Здравствуйте!",
                                                                       "reply_parameters": .string(#"{"message_id":\#(customer)}"#)], form: true)
            #expect(reply.result?["reply_to_message"]?["text"] == "Привет")
            #expect(reply.result?["from"]?["id"] == .number(Double(Self.botID)) && reply.result?["chat"]?["id"] == 42)
            #expect(reply.result?["date"]?.numberValue != nil)
            let sent = simulator.sentMessages(botID: Self.botID, chatID: 42)
            #expect(sent.map(\.messageID) == sent.map(\.messageID).sorted() && sent.count == 4)
            #expect(sent.last?.replyToMessageID == customer && sent.last?.text == "Здравствуйте!")

            #expect(try await Self.call(base, token, "sendChatAction", ["chat_id": 42, "action": "typing"]).result == true)
            #expect(try await Self.call(base, token, "sendChatAction", ["chat_id": 42, "action": "dancing"]).status == 400)
            #expect(simulator.chatActions(botID: Self.botID, chatID: 42) == ["typing"])
        }
    }

    @Test func faultsHaveTheBotAPIEnvelopes() async throws {
        try await Self.withTelegram { simulator, base, token in
            await simulator.customerWrites(botID: Self.botID, userID: 42, text: "hi")
            simulator.failSends(botID: Self.botID, count: 1, status: 429, retryAfter: 17)
            let limited = try await Self.call(base, token, "sendMessage", ["chat_id": 42, "text": "hello"])
            #expect(limited.status == 429 && limited.retryAfter == "17")
            #expect(limited.body == ["ok": false, "error_code": 429, "description": "Too Many Requests: retry after 17", "parameters": ["retry_after": 17]])
            simulator.failSends(botID: Self.botID, count: 1, status: 502)
            #expect(try await Self.call(base, token, "sendMessage", ["chat_id": 42, "text": "hello"]).description == "Bad Gateway")
            #expect(try await Self.call(base, token, "sendMessage", ["chat_id": 42, "text": "hello"]).status == 200)
            simulator.blockBot(botID: Self.botID, userID: 42)
            let blocked = try await Self.call(base, token, "sendMessage", ["chat_id": 42, "text": "hello"])
            #expect(blocked.status == 403 && blocked.description == "Forbidden: bot was blocked by the user")
            let member = try await Self.call(base, token, "getUpdates", ["offset": -1]).result?.arrayValue?.first?["my_chat_member"]
            #expect(member?["new_chat_member"]?["status"] == "kicked" && member?["chat"]?["id"] == 42 && member?["from"]?["id"] == 42)
            simulator.setOutage(botID: Self.botID, true)
            #expect(try await Self.call(base, token, "getMe").status == 502)
            simulator.setOutage(botID: Self.botID, false)
            #expect(try await Self.call(base, token, "getMe").status == 200)
        }
    }

    // MARK: Files

    @Test func voiceNoteIsFetchedAndDownloaded() async throws {
        try await Self.withTelegram { simulator, base, token in
            let audio = Data("OggS fake opus".utf8)
            await simulator.customerSendsVoice(botID: Self.botID, userID: 8, audio: audio, duration: 6)
            let update = try await Self.call(base, token, "getUpdates").result?.arrayValue?.first
            let voice = update?["message"]?["voice"]
            #expect(voice?["duration"] == 6 && voice?["mime_type"] == "audio/ogg" && voice?["file_size"] == .number(Double(audio.count)))
            let file = try await Self.call(base, token, "getFile", ["file_id": voice?["file_id"] ?? .null])
            let path = file.result?["file_path"]?.stringValue ?? ""
            #expect(path.hasPrefix("voice/file_") && path.hasSuffix(".oga"))
            #expect(file.result?["file_unique_id"] == voice?["file_unique_id"])
            let download = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(base)/file/bot\(token)/\(path)"), timeout: .seconds(5))
            #expect(download.status.code == 200)
            #expect(Data(try await download.body.collect(upTo: 1 << 20).readableBytesView) == audio)
            let wrong = try await Self.call(base, token, "getFile", ["file_id": "nope"])
            #expect(wrong.status == 400 && wrong.description == "Bad Request: wrong file_id or the file is temporarily unavailable")
            let absent = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(base)/file/bot\(token)/voice/none.oga"), timeout: .seconds(5))
            #expect(absent.status.code == 404)
        }
    }

    // MARK: Business

    @Test func businessConnectionMessagesAndRights() async throws {
        try await Self.withTelegram { simulator, base, token in
            let ownerID: Int64 = 900
            let connection = await simulator.connectBusiness(botID: Self.botID, ownerID: ownerID, ownerName: "Данияр")
            let customerMessage = await simulator.customerWrites(botID: Self.botID, userID: 523, text: "Есть окно?", businessConnectionID: connection)
            await simulator.ownerWrites(botID: Self.botID, connectionID: connection, customerID: 523, text: "Сейчас отвечу")
            let updates = try await Self.call(base, token, "getUpdates").result?.arrayValue ?? []
            #expect(updates.count == 3)
            #expect(updates[0]["business_connection"]?["id"] == .string(connection))
            #expect(updates[0]["business_connection"]?["user"]?["id"] == .number(Double(ownerID)))
            #expect(updates[0]["business_connection"]?["is_enabled"] == true && updates[0]["business_connection"]?["rights"]?["can_reply"] == true)
            #expect(updates[1]["business_message"]?["from"]?["id"] == 523)
            #expect(updates[1]["business_message"]?["business_connection_id"] == .string(connection))
            #expect(updates[2]["business_message"]?["from"]?["id"] == .number(Double(ownerID)))
            #expect(updates[2]["business_message"]?["sender_business_bot"] == nil)

            let fetched = try await Self.call(base, token, "getBusinessConnection", ["business_connection_id": .string(connection)])
            #expect(fetched.result?["user_chat_id"] == .number(Double(ownerID)))
            let sent = try await Self.call(base, token, "sendMessage", ["chat_id": 523, "text": "Да, в 15:00", "business_connection_id": .string(connection),
                                                                      "reply_parameters": ["message_id": .number(Double(customerMessage))]])
            #expect(sent.status == 200)
            #expect(sent.result?["business_connection_id"] == .string(connection))
            #expect(sent.result?["sender_business_bot"]?["id"] == .number(Double(Self.botID)))
            let offset = (updates.last?["update_id"]?.numberValue ?? 0) + 1
            let echo = try await Self.call(base, token, "getUpdates", ["offset": .number(offset)]).result?.arrayValue?.first
            #expect(echo?["business_message"]?["sender_business_bot"]?["id"] == .number(Double(Self.botID)))
            #expect(simulator.sentMessages(botID: Self.botID, chatID: 523, businessConnectionID: connection).map(\.text) == ["Да, в 15:00"])
            #expect(simulator.sentMessages(botID: Self.botID, chatID: 523).isEmpty)

            let unknown = try await Self.call(base, token, "sendMessage", ["chat_id": 523, "text": "x", "business_connection_id": "nope"])
            #expect(unknown.status == 400 && unknown.description == "Bad Request: business connection not found")
            let readOnly = await simulator.connectBusiness(botID: Self.botID, ownerID: 901, canReply: false)
            await simulator.customerWrites(botID: Self.botID, userID: 524, text: "hi", businessConnectionID: readOnly)
            let refused = try await Self.call(base, token, "sendMessage", ["chat_id": 524, "text": "x", "business_connection_id": .string(readOnly)])
            #expect(refused.status == 403 && refused.description == "Forbidden: not enough rights to send messages in the chat")
            await simulator.customerWrites(botID: Self.botID, userID: 525, text: "old", date: Date().addingTimeInterval(-90_000), businessConnectionID: connection)
            let stale = try await Self.call(base, token, "sendMessage", ["chat_id": 525, "text": "x", "business_connection_id": .string(connection)])
            #expect(stale.status == 403)
            await simulator.disconnectBusiness(botID: Self.botID, connectionID: connection)
            let disconnected = try await Self.call(base, token, "sendMessage", ["chat_id": 523, "text": "x", "business_connection_id": .string(connection)])
            #expect(disconnected.status == 403)
        }
    }
}
