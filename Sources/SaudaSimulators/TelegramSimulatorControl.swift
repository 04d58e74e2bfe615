import Foundation
import Hummingbird
import SaudaCore
import Synchronization

/// The HTTP test API under `/_simulator`, for `sauda simulate telegram` and checks written in other languages.
extension TelegramSimulator {
    func addControlRoutes(to router: Router<BasicRequestContext>) {
        let control = router.group("_simulator/bots")
        // {id, username, first_name?, token?} → {token}
        control.post("") { request, _ -> Response in
            let body = try await Parameters(request)
            guard let username = body.string("username") else { return Self.control(400, ["error": "username is required"]) }
            let firstName = body.string("first_name")
            let business = body.bool("can_connect_to_business") ?? true
            if let token = body.string("token") {
                guard self.addBot(token: token, username: username, firstName: firstName, canConnectToBusiness: business) != nil else {
                    return Self.control(400, ["error": "a token is <digits>:<secret>"])
                }
                return Self.control(200, ["token": .string(token)])
            }
            guard let id = body.int64("id") else { return Self.control(400, ["error": "id or token is required"]) }
            return Self.control(200, ["token": .string(self.addBot(id: id, username: username, firstName: firstName, canConnectToBusiness: business))])
        }
        // {text | voice_base64 | audio_base64 | phone_number | photo | document_name, first_name?, caption?, business_connection_id?}
        control.post(":bot/customers/:user/messages") { request, context -> Response in
            guard let botID = context.parameters.get("bot").flatMap(Int64.init), let userID = context.parameters.get("user").flatMap(Int64.init) else {
                return Self.control(400, ["error": "bot and user are numbers"])
            }
            let body = try await Parameters(request)
            let id = await self.customerSends(body, botID: botID, userID: userID)
            guard id > 0 else { return Self.control(404, ["error": "unknown bot or business connection"]) }
            return Self.control(200, ["message_id": .number(Double(id))])
        }
        // {owner_id, owner_name?, can_reply?} → {business_connection_id}; DELETE …/business/{id} disconnects.
        control.post(":bot/business") { request, context -> Response in
            let body = try await Parameters(request)
            guard let botID = context.parameters.get("bot").flatMap(Int64.init), let ownerID = body.int64("owner_id") else {
                return Self.control(400, ["error": "owner_id is required"])
            }
            let id = await self.connectBusiness(botID: botID, ownerID: ownerID, ownerName: body.string("owner_name") ?? "Owner",
                                                canReply: body.bool("can_reply") ?? true)
            return Self.control(200, ["business_connection_id": .string(id)])
        }
        control.delete(":bot/business/:connection") { _, context -> Response in
            guard let botID = context.parameters.get("bot").flatMap(Int64.init) else { return Self.control(400, ["error": "bot is a number"]) }
            await self.disconnectBusiness(botID: botID, connectionID: context.parameters.get("connection") ?? "")
            return Self.control(200, [:])
        }
        // ?business_connection_id= → {messages: [...], chat_actions: [...]}
        control.get(":bot/chats/:chat") { request, context -> Response in
            guard let botID = context.parameters.get("bot").flatMap(Int64.init), let chatID = context.parameters.get("chat").flatMap(Int64.init) else {
                return Self.control(400, ["error": "bot and chat are numbers"])
            }
            let connection = request.uri.queryParameters.get("business_connection_id")
            let messages = self.sentMessages(botID: botID, chatID: chatID, businessConnectionID: connection).map { sent -> JSONValue in
                ["message_id": .number(Double(sent.messageID)), "text": .string(sent.text),
                 "reply_to_message_id": sent.replyToMessageID.map { .number(Double($0)) } ?? .null,
                 "parse_mode": sent.parseMode.map(JSONValue.string) ?? .null, "date": .number(sent.date.timeIntervalSince1970.rounded(.down)),
                 "business_connection_id": sent.businessConnectionID.map(JSONValue.string) ?? .null]
            }
            return Self.control(200, ["messages": .array(messages),
                                      "chat_actions": .array(self.chatActions(botID: botID, chatID: chatID).map(JSONValue.string))])
        }
        // {status?, count?, retry_after?} fails the next sends; {blocked_user}, {outage: bool}, {webhook_failures} as well.
        control.post(":bot/faults") { request, context -> Response in
            guard let botID = context.parameters.get("bot").flatMap(Int64.init) else { return Self.control(400, ["error": "bot is a number"]) }
            let body = try await Parameters(request)
            if body.has("count") || body.has("status") {
                self.failSends(botID: botID, count: body.int("count") ?? 1, status: body.int("status") ?? 429, retryAfter: body.int("retry_after") ?? 3)
            }
            if let user = body.int64("blocked_user") { self.blockBot(botID: botID, userID: user) }
            if let outage = body.bool("outage") { self.setOutage(botID: botID, outage) }
            if let failures = body.int("webhook_failures") { self.failNextWebhookDeliveries(botID: botID, count: failures) }
            return Self.control(200, [:])
        }
        // → {pending_update_count, webhook_url}
        control.get(":bot") { _, context -> Response in
            guard let botID = context.parameters.get("bot").flatMap(Int64.init) else { return Self.control(400, ["error": "bot is a number"]) }
            return Self.control(200, ["pending_update_count": .number(Double(self.pendingUpdateCount(botID: botID))),
                                      "webhook_url": self.webhookURL(botID: botID).map(JSONValue.string) ?? .null])
        }
    }

    /// A customer's message of the kind the control body describes.
    func customerSends(_ body: Parameters, botID: Int64, userID: Int64) async -> Int {
        let firstName = body.string("first_name") ?? "Customer"
        let connection = body.string("business_connection_id")
        if let voice = body.string("voice_base64").flatMap({ Data(base64Encoded: $0) }) {
            return await customerSendsVoice(botID: botID, userID: userID, audio: voice, duration: body.int("duration") ?? 3,
                                            firstName: firstName, businessConnectionID: connection)
        }
        if let audio = body.string("audio_base64").flatMap({ Data(base64Encoded: $0) }) {
            return await customerSendsAudio(botID: botID, userID: userID, audio: audio, duration: body.int("duration") ?? 3,
                                            firstName: firstName, businessConnectionID: connection)
        }
        if let phone = body.string("phone_number") {
            return await customerSharesContact(botID: botID, userID: userID, phoneNumber: phone, firstName: firstName)
        }
        if body.bool("photo") == true {
            return await customerSendsPhoto(botID: botID, userID: userID, caption: body.string("caption"), firstName: firstName)
        }
        if let name = body.string("document_name") {
            return await customerSendsDocument(botID: botID, userID: userID, fileName: name, caption: body.string("caption"), firstName: firstName)
        }
        return await customerWrites(botID: botID, userID: userID, text: body.string("text") ?? "", firstName: firstName,
                                    lastName: body.string("last_name"), username: body.string("username"), businessConnectionID: connection)
    }

    /// A control answer: plain JSON, no Bot API envelope.
    static func control(_ status: Int, _ body: [String: JSONValue]) -> Response {
        Reply(status: status, body: .object(body)).response
    }
}
