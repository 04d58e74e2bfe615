import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SaudaCore
import SaudaModels
import Synchronization

extension WappiSimulator {
    /// Routes of the simulated API and its control endpoints.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let api = router.group("api")
        api.add(middleware: SlowAnswers(gate: answerGate) { self.state.withLock { $0.answerDelay } })
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

    func authorise(_ request: Request) -> Response? {
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

    func guarded(_ request: Request, _ body: () -> Response) -> Response {
        authorise(request) ?? body()
    }

    func guardedAsync(_ request: Request, _ body: () async -> Response) async -> Response {
        if let refusal = authorise(request) { return refusal }
        return await body()
    }
}

/// Delays every answer of the simulated API by the simulator's current answer delay, and holds it while the
/// simulator's answer gate is closed.
struct SlowAnswers<Context: RequestContext>: RouterMiddleware {
    let gate: AnswerGate
    let delay: @Sendable () -> Duration?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        await gate.pass()
        if let delay = delay() { try await Task.sleep(for: delay) }
        return try await next(request, context)
    }
}
