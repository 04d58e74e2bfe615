import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SaudaCore
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


    /// The simulated profile id.
    public let profileID: String
    /// The token requests must carry (``changeToken(to:)`` changes it, as a new token made in Wappi's cabinet does).
    public var token: String { currentToken.withLock { $0 } }
    private let currentToken: Mutex<String>
    /// The business's own number.
    public let ownPhone: String
    let state = Mutex(State())
    /// Holds every API answer while a test keeps it closed.
    let answerGate = AnswerGate()
    let webhookClient: HTTPClient
    let logger: Logger

    /// Creates a simulator.
    public init(profileID: String = "sim-profile", token: String = "sim-token", ownPhone: String = "77000000000",
                webhookClient: HTTPClient = .shared, logger: Logger = Logger(label: "wappi-simulator")) {
        self.profileID = profileID
        self.currentToken = Mutex(token)
        self.ownPhone = ownPhone
        self.webhookClient = webhookClient
        self.logger = logger
    }

    // MARK: Test API

    /// Makes a new token the only one accepted; calls with the old one get Wappi's 401.
    public func changeToken(to token: String) {
        currentToken.withLock { $0 = token }
    }

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

    /// Whether delivery statuses are reported before the send call answers: the sender then learns of the delivery
    /// before it has recorded the send.
    public func reportDeliveryBeforeAnswering(_ first: Bool) {
        state.withLock { $0.reportsDeliveryFirst = first }
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

    /// Every API call from now on hangs until ``releaseAnswers()``, as a struggling Wappi's calls do.
    public func holdAnswers() { answerGate.close() }

    /// The calls held by ``holdAnswers()`` are answered now, and later ones at once.
    public func releaseAnswers() { answerGate.open() }

    /// API calls hanging now because of ``holdAnswers()``.
    public var heldAnswers: Int { answerGate.heldCount }

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
}
