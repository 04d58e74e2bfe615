import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaSimulators
import SaudaTestSupport
import Synchronization
import Testing

/// The Wappi client against the Wappi simulator over real HTTP.
@Suite struct WappiClientTests {
    static func withWappi(token: String = "sim-token", profileID: String = "sim-profile",
                          _ body: @escaping @Sendable (WappiSimulator, WappiClient, Int) async throws -> Void) async throws {
        let simulator = WappiSimulator()
        try await SimulatorServer.withServer(simulator.router()) { port in
            let client = WappiClient(profile: WappiProfile(baseURL: "http://127.0.0.1:\(port)", token: token, profileID: profileID),
                                     http: .shared, timeout: .seconds(5), maxAttempts: 3, baseDelay: .milliseconds(10),
                                     logger: Logger(label: "test"))
            try await body(simulator, client, port)
        }
    }

    @Test func statusSendReplyAndMarkRead() async throws {
        try await Self.withWappi { simulator, client, _ in
            let status = try await client.status()
            #expect(status.authorized)
            #expect(status.appStatus == "open")
            let incoming = await simulator.customerWrites(phone: "77011112233", text: "Здравствуйте", name: "Айгерим")
            let sentID = try await client.send(to: "+7 701 111-22-33", text: "Добрый день!")
            let replyID = try await client.reply(to: incoming, text: "Чем могу помочь?")
            try await client.markRead(messageID: incoming)
            let chat = simulator.chat(phone: "77011112233")
            #expect(chat.map(\.body) == ["Здравствуйте", "Добрый день!", "Чем могу помочь?"])
            #expect(chat[1].id == sentID && chat[2].id == replyID)
            #expect(chat[2].quotedID == incoming)
            #expect(chat[0].deliveryStatus == "read")
            let dialogs = try await client.chats()
            #expect(dialogs.first?.id == "77011112233@c.us")
            #expect(dialogs.first?.name == "Айгерим")
        }
    }

    @Test func messagesSinceAMomentInOrder() async throws {
        try await Self.withWappi { simulator, client, _ in
            let start = Date(timeIntervalSince1970: 1_790_000_000)
            for (index, text) in ["один", "два", "три"].enumerated() {
                await simulator.customerWrites(phone: "77015550000", text: text, at: start.addingTimeInterval(Double(index) * 10))
            }
            let all = try await client.messages(chatID: "77015550000@c.us", ascending: true)
            #expect(all.map(\.body) == ["один", "два", "три"])
            #expect(all.allSatisfy { !$0.fromMe && $0.phoneNumber == "77015550000" })
            let newer = try await client.messages(chatID: "77015550000@c.us", since: start.addingTimeInterval(10), ascending: true)
            #expect(newer.map(\.body) == ["два", "три"])
            let newestFirst = try await client.messages(chatID: "77015550000", limit: 1)
            #expect(newestFirst.map(\.body) == ["три"])
        }
    }

    @Test func rateLimitsAndOutagesAreRetriedThenGivenUp() async throws {
        try await Self.withWappi { simulator, client, _ in
            simulator.failNextCalls(1, status: 429, retryAfter: 0)
            simulator.failNextCalls(1, status: 503)
            _ = try await client.status()
            #expect(simulator.apiCalls == 3)
            simulator.failNextCalls(3, status: 429, retryAfter: 0)
            let error = await #expect(throws: WappiError.self) { try await client.chats() }
            #expect(error?.kind == .rateLimited)
            #expect(simulator.apiCalls == 6)
            // A send is made once: whether a timed-out send went out is unknown, so the queue decides.
            simulator.failNextCalls(1, status: 503)
            let sendError = await #expect(throws: WappiError.self) { try await client.send(to: "77010000000", text: "Привет") }
            #expect(sendError?.kind == .transient)
            #expect(simulator.apiCalls == 7)
            #expect(simulator.chat(phone: "77010000000").isEmpty)
            #expect(client.health.usable)
        }
    }

    @Test func aRefusedTokenOrProfileIsNotRetriedAndMarksTheProfileUnusable() async throws {
        try await Self.withWappi(token: "wrong") { simulator, client, _ in
            let error = await #expect(throws: WappiError.self) { try await client.status() }
            #expect(error?.kind == .unauthorized)
            #expect(simulator.apiCalls == 1)
            #expect(!client.health.usable)
            #expect(client.health.problem?.contains("token") == true)
        }
        try await Self.withWappi(profileID: "deleted-profile") { _, client, _ in
            let error = await #expect(throws: WappiError.self) { try await client.status() }
            #expect(error?.kind == .profileNotFound)
        }
    }

    @Test func webhooksArriveInWappisEnvelope() async throws {
        let received = Mutex<[JSONValue]>([])
        let receiver = Router()
        receiver.post("/hook") { request, _ -> HTTPResponse.Status in
            var request = request
            let bytes = try await request.collectBody(upTo: 1 << 20)
            let userAgent = request.headers[.userAgent]
            let body = try JSONValue.parse(Data(bytes.readableBytesView))
            received.withLock { $0.append(["agent": .string(userAgent ?? ""), "body": body]) }
            return .ok
        }
        try await SimulatorServer.withServer(receiver) { hookPort in
            try await Self.withWappi { simulator, client, _ in
                try await client.setWebhook(url: "http://127.0.0.1:\(hookPort)/hook?x=1&y=2")
                try await client.setWebhookTypes(WappiClient.webhookTypes)
                #expect(simulator.webhookURL == "http://127.0.0.1:\(hookPort)/hook?x=1&y=2")
                let id = await simulator.customerWrites(phone: "77017778899", text: "Есть коврики на Camry?", name: "Ерлан")
                await simulator.ownerWrites(phone: "77017778899", text: "Сейчас подскажу")
                let events = received.withLock { $0 }
                #expect(events.count == 2)
                #expect(events.first?["agent"] == "WappiWH")
                let message = try #require(events.first?["body"]?["messages"]?.arrayValue?.first.flatMap(WappiMessage.init))
                #expect(message.id == id)
                #expect(message.webhookType == "incoming_message")
                #expect(message.body == "Есть коврики на Camry?")
                #expect(message.phoneNumber == "77017778899")
                #expect(message.senderName == "Ерлан")
                #expect(!message.fromMe && !message.isGroup)
                let owner = try #require(events.last?["body"]?["messages"]?.arrayValue?.first.flatMap(WappiMessage.init))
                #expect(owner.webhookType == "outgoing_message_phone")
                #expect(owner.fromMe)
            }
        }
    }

    @Test func voiceNotesDownloadWithoutTheToken() async throws {
        try await Self.withWappi { simulator, client, _ in
            let audio = Data("OggS voice".utf8)
            let id = await simulator.customerWrites(phone: "77012223344", text: "", voice: audio)
            let listed = try await client.messages(chatID: "77012223344@c.us")
            #expect(listed.first?.isVoice == true)
            #expect(listed.first?.body == audio.base64EncodedString())
            let media = try await client.media(messageID: id)
            #expect(media.mimeType?.hasPrefix("audio/ogg") == true)
            let link = try #require(media.fileLink)
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: link), timeout: .seconds(5))
            let bytes = try await response.body.collect(upTo: 1 << 20)
            #expect(Data(bytes.readableBytesView) == audio)
        }
    }

    @Test func theThrottleAllowsTheLimitPerWindowAndSaysHowLongToWait() {
        let clock = ManualClock()
        let throttle = SendThrottle(limit: 2, window: .seconds(60), clock: clock)
        #expect(throttle.reserve() == nil)
        clock.advance(by: .seconds(10))
        #expect(throttle.reserve() == nil)
        clock.advance(by: .seconds(10))
        #expect(throttle.reserve() == .seconds(40))
        clock.advance(by: .seconds(40))
        #expect(throttle.reserve() == nil)
        clock.advance(by: .seconds(1))
        #expect(throttle.reserve() == .seconds(9))
    }

    @Test func aThrottledReplyWaitsUntilTheMinuteHasPassedOnTheDeliverysClock() async throws {
        try await Self.withWappi { simulator, client, _ in
            let clock = ManualClock()
            let delivery = WhatsAppDelivery(clients: ["default": client], sendsPerMinute: 1, clock: clock, wallClock: { clock.date })
            func reply(_ id: String) -> OutgoingMessagePayload {
                OutgoingMessagePayload(phoneNumber: "+77014445567", messageText: "Ответ \(id)", replyToMessageID: nil, markAsRead: false,
                                       tenant: "default", channel: .whatsapp, chatID: "77014445567@c.us", outgoingID: id)
            }
            _ = try await delivery.deliver(reply("bot-1"))
            clock.advance(by: .seconds(45))
            let error = await #expect(throws: DeliveryError.self) { try await delivery.deliver(reply("bot-2")) }
            #expect(error?.postponeFor == .seconds(15))
            #expect(error?.postponeReason == "send_limit")
            clock.advance(by: .seconds(15))
            _ = try await delivery.deliver(reply("bot-2"))
            #expect(simulator.botMessages(phone: "77014445567").map(\.body) == ["Ответ bot-1", "Ответ bot-2"])
        }
    }

    @Test func aThrottledReplyIsPostponedNotFailed() async throws {
        try await Self.withWappi { simulator, client, _ in
            let delivery = WhatsAppDelivery(clients: ["default": client], sendsPerMinute: 1)
            let payload = OutgoingMessagePayload(phoneNumber: "+77014445566", messageText: "Здравствуйте!", replyToMessageID: nil,
                                                 markAsRead: false, tenant: "default", channel: .whatsapp, chatID: "77014445566@c.us",
                                                 outgoingID: "bot-1")
            let receipt = try await delivery.deliver(payload)
            #expect(receipt.status == "sent")
            #expect(receipt.providerMessageID == simulator.botMessages(phone: "77014445566").first?.id)
            let error = await #expect(throws: DeliveryError.self) { try await delivery.deliver(payload) }
            #expect(error?.postponeFor != nil)
            #expect(simulator.botMessages(phone: "77014445566").count == 1)
        }
    }

    @Test func aReplyWhoseAnswerWasLostIsNotSentTwice() async throws {
        try await Self.withWappi { simulator, client, _ in
            let delivery = WhatsAppDelivery(clients: ["default": client])
            let payload = OutgoingMessagePayload(phoneNumber: "+77018889900", messageText: "Доставка по Астане — 2 дня.", replyToMessageID: nil,
                                                 markAsRead: false, tenant: "default", channel: .whatsapp, chatID: "77018889900@c.us",
                                                 outgoingID: "bot-lost")
            simulator.loseAnswersOfNextSends(1)
            let error = await #expect(throws: DeliveryError.self) { try await delivery.deliver(payload) }
            #expect(error?.retryable == true)
            #expect(simulator.botMessages(phone: "77018889900").count == 1, "the send went out although its answer was lost")
            let receipt = try await delivery.deliver(payload)
            #expect(receipt.providerMessageID == simulator.botMessages(phone: "77018889900").first?.id)
            #expect(simulator.botMessages(phone: "77018889900").count == 1)
        }
    }
}
