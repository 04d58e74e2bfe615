import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SaudaCore
import SaudaModels
import Synchronization

/// What the simulated phone does when the bot sends: the message lands in the chat, webhooks report it and its delivery.
extension WappiSimulator {
    func botSends(chatID: String, text: String, quoting: String?) async -> Response {
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
        if state.withLock({ $0.reportsDeliveryFirst }) {
            await postWebhook(status, type: "delivery_status")
        } else {
            // The phone reports delivery a moment after the send call returned, as on the real service.
            Task {
                try? await Task.sleep(for: .milliseconds(150))
                await self.postWebhook(status, type: "delivery_status")
            }
        }
        return Self.done(["message_id": .string(message.id), "task_id": .string(UUID().uuidString)])
    }

    func webhookEvent(_ message: Message, chatID: String, type: String, name: String?) -> JSONValue {
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

    func syncMessage(_ message: Message, chatID: String) -> JSONValue {
        ["id": .string(message.id), "type": .string(message.type), "body": .string(message.body),
         "from": .string(message.fromMe ? "\(ownPhone)@c.us" : chatID), "to": .string(message.fromMe ? chatID : "\(ownPhone)@c.us"),
         "fromMe": .bool(message.fromMe), "time": .number(message.time.timeIntervalSince1970.rounded(.down)), "chatId": .string(chatID),
         "isReply": .bool(message.quotedID != nil), "stanzaId": .string(message.quotedID ?? ""), "delivery_status": .string(message.deliveryStatus),
         "caption": .string(message.caption ?? ""), "senderName": state.withLock { $0.names[chatID] }.map(JSONValue.string) ?? .null]
    }

    func postWebhook(_ event: JSONValue, type: String) async {
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
        // A delivery that fails in transport (a pooled connection the server had just closed: "I/O on closed
        // channel") is tried again, as a webhook sender does; the receiver dedupes an event it got twice by its id.
        for attempt in 1...3 {
            do {
                let response = try await webhookClient.execute(request, timeout: .seconds(10))
                _ = try await response.body.collect(upTo: 1 << 20)
                state.withLock { $0.webhooksPosted += 1 }
                return
            } catch {
                logger.warning("webhook delivery failed", metadata: ["url": "\(url)", "attempt": "\(attempt)", "error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
