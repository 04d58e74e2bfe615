import AsyncHTTPClient
import NIOHTTP1
import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaAgent
import SaudaBus
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaModels
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// The WhatsApp path over real HTTP: the Wappi simulator posts webhooks to Sauda, Sauda answers through the
/// simulator's send and reply endpoints.
@Suite struct WhatsAppEndToEndTests {
    static let secret = "test-secret-0123456789"

    static func withWhatsApp(models: ModelSettings = ModelSettings(), registerWebhook: Bool = true,
                             configure: @escaping @Sendable (inout SaudaSettings) -> Void = { _ in },
                             _ body: @escaping @Sendable (WappiSimulator, SaudaSystem, any TestClientProtocol, Int) async throws -> Void) async throws {
        let simulator = WappiSimulator()
        try await SimulatorServer.withServer(simulator.router()) { wappiPort in
            try await withTemporaryDirectory { directory in
                var settings = SaudaSettings()
                settings.database = .sqlite(path: directory.appendingPathComponent("whatsapp.sqlite").path)
                settings.whatsapp = WhatsAppSettings(token: "sim-token", profileID: "sim-profile", baseURL: "http://127.0.0.1:\(wappiPort)",
                                                     webhookSecret: secret, humanPauseMinutes: 60)
                settings.whatsapp?.inbound = .webhook
                settings.models = models
                configure(&settings)
                let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
                try await system.prepare()
                let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
                try await app.test(.ahc(.http)) { client in
                    let port = try #require(client.port)
                    let wappi = try #require(system.wappiClients[Tenant.defaultID])
                    if registerWebhook {
                        try await wappi.setWebhook(url: "http://127.0.0.1:\(port)/webhooks/wappi/default/\(secret)")
                        try await wappi.setWebhookTypes(WappiClient.webhookTypes)
                    }
                    try await body(simulator, system, client, wappiPort)
                }
            }
        }
    }

    static func waitForBotMessages(_ simulator: WappiSimulator, phone: String, count: Int,
                                   within timeout: Duration = .seconds(20)) async throws -> [WappiSimulator.Message] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let sent = simulator.botMessages(phone: phone)
            if sent.count >= count { return sent }
            try await Task.sleep(for: .milliseconds(50))
        }
        return simulator.botMessages(phone: phone)
    }

    /// A customer whose first message is a clear question is answered at once (`FIRST_MESSAGE_RULE=question`, the
    /// default); a greeting alone still waits for the classification.
    @Test func aFirstMessageThatIsAClearQuestionIsAnsweredAtOnce() async throws {
        try await Self.withWhatsApp { simulator, _, _, _ in
            let asking = "77011230001"
            let id = await simulator.customerWrites(phone: asking, text: "Сколько стоят EVA коврики на Camry?", name: "Ерлан")
            let replies = try await Self.waitForBotMessages(simulator, phone: asking, count: 1)
            #expect(replies.count == 1)
            #expect(replies.first?.quotedID == id)
            let greeting = "77011230002"
            _ = await simulator.customerWrites(phone: greeting, text: "Привет", name: "Дана")
            let none = try await Self.waitForBotMessages(simulator, phone: greeting, count: 1, within: .seconds(2))
            #expect(none.isEmpty, "a greeting alone waits for the classification")
        }
    }

    @Test func aClientIsAnsweredOnceThroughWappiAndEchoesDoNotLoop() async throws {
        // The strict rule: the three messages are answered once, together, after the classification.
        try await Self.withWhatsApp(configure: { $0.firstMessageRule = .strict }) { simulator, system, client, _ in
            let phone = "77011234567"
            var ids: [String] = []
            for text in ["Здравствуйте", "Сколько стоят EVA коврики на Camry?", "Есть доставка в Астану? Нужен счет на оплату"] {
                ids.append(await simulator.customerWrites(phone: phone, text: text, name: "Айгерим"))
            }
            let replies = try await Self.waitForBotMessages(simulator, phone: phone, count: 1)
            #expect(replies.count >= 1)
            // Let echoes and delivery statuses come back: no further message may follow.
            try await Task.sleep(for: .milliseconds(800))
            let settled = simulator.botMessages(phone: phone)
            #expect(settled.count == replies.count, "the bot's own echo must not be answered")
            #expect(settled.last?.quotedID == ids.last)
            let status = try await Self.lastReplyStatus(system, phone: phone, becoming: "delivered")
            let handled = try await Self.conversation(system, phone: phone).filter { $0.author == .customer && $0.handledAt != nil }.map(\.messageID)
            let contact = try await system.database.read { sql in
                try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "\(phone)@c.us"))
            }
            #expect(contact?.status == .client)
            #expect(contact?.phoneNumber == "+\(phone)")
            #expect(Set(handled) == Set(ids))
            #expect(status == "delivered")
        }
    }

    /// Wappi can report a delivery before its answer to the send reaches the sender, so before the send is recorded:
    /// the status waits for the record instead of being dropped.
    @Test func aDeliveryReportedBeforeTheSendIsRecordedIsKept() async throws {
        try await Self.withWhatsApp(configure: { settings in settings.classifyMinMessages = 1 }) { simulator, system, _, _ in
            simulator.reportDeliveryBeforeAnswering(true)
            let phone = "77011234568"
            _ = await simulator.customerWrites(phone: phone, text: "Сколько стоят EVA коврики на Camry?", name: "Айгерим")
            let replies = try await Self.waitForBotMessages(simulator, phone: phone, count: 1)
            #expect(replies.count == 1)
            #expect(try await Self.lastReplyStatus(system, phone: phone, becoming: "delivered") == "delivered")
            let waiting = try await system.database.read { sql in
                try await sql.query("SELECT COUNT(*) AS n FROM early_delivery_statuses").first?.optionalInt("n")
            }
            #expect(waiting == 0, "the early status was taken when the send was recorded")
        }
    }

    @Test func fiftyMessagesFromTenCustomersThroughA429StormAndAnOutageAreAllAnsweredOnceInOrder() async throws {
        try await Self.withWhatsApp(configure: { settings in
            settings.classifyMinMessages = 1
            settings.retry.initialBackoff = 0.2
            settings.retry.maxBackoff = 1
            settings.retry.maxAttempts = 20
            settings.whatsapp?.sendsPerMinute = 1000
        }) { simulator, system, _, _ in
            // Rate limits, then Wappi down for a while: sends fail, are retried, and nothing is lost.
            simulator.failNextCalls(12, status: 429, retryAfter: 0)
            simulator.failNextCalls(20, status: 503)
            let phones = (0..<10).map { "7701000\(String(format: "%04d", $0))" }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for phone in phones {
                    group.addTask {
                        for index in 0..<5 { await simulator.customerWrites(phone: phone, text: "Сколько стоит доставка в Астану? Вопрос \(index)") }
                    }
                }
                try await group.waitForAll()
            }
            let deadline = ContinuousClock.now + .seconds(90)
            var pending = phones
            while ContinuousClock.now < deadline, !pending.isEmpty {
                pending = try await pending.asyncFilter { phone in
                    let (handled, replies) = try await Self.progress(system, phone: phone)
                    return handled < 5 || simulator.botMessages(phone: phone).count < replies
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(pending.isEmpty, "customers still waiting: \(pending)")
            for phone in phones {
                let chat = simulator.chat(phone: phone)
                let customerIDs = chat.filter { !$0.fromMe }.map(\.id)
                let quoted = chat.filter { $0.fromMe }.compactMap(\.quotedID)
                let (_, replies) = try await Self.progress(system, phone: phone)
                #expect(chat.filter { $0.fromMe }.count == replies, "each reply sent exactly once to \(phone)")
                // The order Sauda received them in: under load a webhook can time out at the simulator and be posted
                // again after a later one got through, and a message received later is answered later.
                let received = try await Self.conversation(system, phone: phone).filter { $0.author == .customer }.map(\.messageID)
                #expect(Set(received) == Set(customerIDs))
                #expect(quoted == quoted.sorted { received.firstIndex(of: $0) ?? 0 < received.firstIndex(of: $1) ?? 0 },
                        "replies to \(phone) in the order of the messages they answer, as received: \(received), written: \(customerIDs)")
                #expect(quoted.last == received.last)
            }
        }
    }

    @Test func aWappiOutageLosesNothingAndUsesUpNoAttempts() async throws {
        try await Self.withWhatsApp(configure: { settings in
            settings.classifyMinMessages = 1
            settings.retry.initialBackoff = 0.1
            settings.retry.maxBackoff = 0.4
            // Two attempts per reply: an outage counted in attempts would dead-letter every reply in under a second.
            settings.retry.maxAttempts = 2
            settings.whatsapp?.sendsPerMinute = 1000
        }) { simulator, system, _, _ in
            let phones = (0..<4).map { "7702000\(String(format: "%04d", $0))" }
            // Wappi's send API goes down; customers' messages still arrive, their replies cannot go out.
            let callsBefore = simulator.apiCalls
            simulator.goDown(holdingWebhooks: false)
            for phone in phones { await simulator.customerWrites(phone: phone, text: "Сколько стоит доставка в Астану?") }
            // Had the outage counted as attempts, four replies × two attempts × two calls (the send, and the look-up of
            // a send whose outcome is uncertain) would have been the most, and every reply would be dead now.
            let triedBeyondTheirAttempts = try await AdminEndpointsTests.eventually(.seconds(60)) { simulator.apiCalls - callsBefore > 4 * 2 * 2 }
            #expect(triedBeyondTheirAttempts, "replies were tried during the outage: \(simulator.apiCalls - callsBefore) calls")
            #expect(try await system.bus.deadLetters(.outgoing) == 0)
            #expect(phones.allSatisfy { simulator.botMessages(phone: $0).isEmpty })
            // Then Wappi is unreachable altogether: events are held while customers keep writing.
            simulator.goDown(holdingWebhooks: true)
            for phone in phones { await simulator.customerWrites(phone: phone, text: "Есть EVA коврики на Camry?") }
            try await Task.sleep(for: .seconds(2))
            await simulator.comeBack()

            let deadline = ContinuousClock.now + .seconds(45)
            var pending = phones
            while ContinuousClock.now < deadline, !pending.isEmpty {
                pending = try await pending.asyncFilter { phone in
                    let (handled, replies) = try await Self.progress(system, phone: phone)
                    return handled < 2 || replies == 0 || simulator.botMessages(phone: phone).count < replies
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(pending.isEmpty, "customers still waiting after the outage: \(pending)")
            let deadReplies = try await system.bus.deadLetters(.outgoing)
            #expect(deadReplies == 0)
            for phone in phones {
                let chat = simulator.chat(phone: phone)
                let customerIDs = chat.filter { !$0.fromMe }.map(\.id)
                let (_, replies) = try await Self.progress(system, phone: phone)
                #expect(simulator.botMessages(phone: phone).count == replies, "each reply to \(phone) sent exactly once")
                #expect(simulator.botMessages(phone: phone).last?.quotedID == customerIDs.last)
            }
        }
    }

    @Test func aSlowWappiDoesNotHoldUpRepliesOfOtherChannels() async throws {
        try await Self.withWhatsApp(configure: { $0.classifyMinMessages = 1 }) { simulator, system, client, _ in
            // Every Wappi call hangs until the test lets it go; a WhatsApp customer's reply is on its way meanwhile.
            simulator.holdAnswers()
            let phone = "77016660011"
            await simulator.customerWrites(phone: phone, text: "Здравствуйте! Сколько стоит доставка в Астану? Нужен счет")
            #expect(try await AdminEndpointsTests.eventually(.seconds(30)) { try await Self.progress(system, phone: phone).replies == 1 })
            #expect(try await AdminEndpointsTests.eventually(.seconds(30)) { simulator.heldAnswers > 0 }, "the WhatsApp send hangs in Wappi")
            // A web-chat customer of the same business is answered without waiting for Wappi.
            try await client.execute(uri: "/api/v1/webchat/default/messages", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: #"{"session":"slow-wappi","text":"Сколько стоят EVA коврики?","id":"w1"}"#)) { response in
                #expect(response.status == .accepted)
            }
            let webChatAnswered: @Sendable () async throws -> Bool = {
                let bot = try await system.gateway.conversation(tenantID: "default", session: "slow-wappi")?.filter { $0.role == "bot" && $0.status == "delivered" }
                return !(bot ?? []).isEmpty
            }
            #expect(try await AdminEndpointsTests.eventually(.seconds(30)) { try await webChatAnswered() },
                    "the web-chat reply went out while the WhatsApp send was waiting for Wappi")
            #expect(simulator.botMessages(phone: phone).isEmpty, "the WhatsApp reply was still on its way")
            simulator.releaseAnswers()
            #expect(try await Self.waitForBotMessages(simulator, phone: phone, count: 1, within: .seconds(45)).count == 1)
        }
    }

    @Test func aReplyThatFailsOnItsOwnIsDeadLetteredAfterThreeAttemptsAndMarkedFailed() async throws {
        try await Self.withWhatsApp(configure: { settings in
            settings.classifyMinMessages = 1
            settings.retry.initialBackoff = 0.1
            settings.retry.maxBackoff = 0.2
            settings.whatsapp?.sendsPerMinute = 1000
        }) { simulator, system, _, _ in
            let (broken, working) = ("77017770001", "77017770002")
            simulator.failSends(toPhone: broken, status: 500)
            await simulator.customerWrites(phone: broken, text: "Здравствуйте! Сколько стоит доставка в Астану? Нужен счет")
            // Another customer's replies go out meanwhile: the number works, only that reply fails.
            for index in 0..<12 {
                await simulator.customerWrites(phone: working, text: "Сколько стоит доставка в Астану? Вопрос \(index)")
                try await Task.sleep(for: .milliseconds(150))
            }
            let deadline = ContinuousClock.now + .seconds(20)
            var status: String?
            while ContinuousClock.now < deadline, status != "failed" {
                status = try await system.database.read { sql in
                    let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .whatsapp,
                                                                                              chatID: "\(broken)@c.us"))
                    return try await MessageRepository(sql).conversation(contactID: contact?.id ?? 0).last { $0.author == .bot }?.deliveryStatus
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(status == "failed", "the reply is marked failed once its attempts are used up")
            let attempts = try await system.database.read { sql in
                try await sql.query("SELECT attempts, reason FROM queue_dead_letters WHERE queue = 'outgoing_messages'", [])
                    .map { row in "\(row.optionalInt("attempts") ?? 0) \(row.optionalString("reason") ?? "")" }
            }
            #expect(attempts == ["3 max_attempts"], "a reply's three attempts, counted because other replies went out")
            #expect(simulator.botMessages(phone: broken).isEmpty)
            #expect(!simulator.botMessages(phone: working).isEmpty)
        }
    }

    /// The stored conversation of a phone, oldest first.
    static func conversation(_ system: SaudaSystem, phone: String) async throws -> [StoredMessage] {
        try await system.database.read { sql in
            let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "\(phone)@c.us"))
            return try await MessageRepository(sql).conversation(contactID: contact?.id ?? 0)
        }
    }

    /// The delivery status of the bot's last reply to a phone, once it is `wanted` or after 30 s.
    static func lastReplyStatus(_ system: SaudaSystem, phone: String, becoming wanted: String) async throws -> String? {
        var status: String?
        _ = try await AdminEndpointsTests.eventually(.seconds(30)) {
            status = try await conversation(system, phone: phone).last { $0.author == .bot }?.deliveryStatus
            return status == wanted
        }
        return status
    }

    /// Customer messages handled and bot replies stored for a phone.
    static func progress(_ system: SaudaSystem, phone: String) async throws -> (handled: Int, replies: Int) {
        try await system.database.read { sql in
            let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "\(phone)@c.us"))
            let messages = try await MessageRepository(sql).conversation(contactID: contact?.id ?? 0)
            return (messages.filter { $0.author == .customer && $0.handledAt != nil }.count, messages.filter { $0.author == .bot }.count)
        }
    }

    @Test func duplicatesWhitelistGroupsAndTheOwnerTakingOver() async throws {
        try await Self.withWhatsApp { simulator, system, client, _ in
            let phone = "77019998877"
            let envelope: JSONValue = ["messages": [[
                "id": "DUP-1", "profile_id": "sim-profile", "wh_type": "incoming_message", "type": "chat", "body": "Здравствуйте",
                "from": .string("\(phone)@c.us"), "chatId": .string("\(phone)@c.us"), "is_me": false, "chat_type": "dialog", "time": 1_790_000_000,
            ]]]
            for expected in [1, 0] {
                try await client.execute(uri: "/webhooks/wappi/default/\(Self.secret)", method: .post, headers: [.contentType: "application/json"],
                                         body: ByteBuffer(string: envelope.jsonText)) { response in
                    #expect(response.status == .ok)
                    let outcome = try JSONValue.parse(Data(response.body.readableBytesView))
                    #expect(outcome["accepted"] == .number(Double(expected)))
                }
            }
            let mixed: JSONValue = ["messages": [
                ["id": "WL-1", "profile_id": "sim-profile", "wh_type": "incoming_message", "type": "chat", "body": "Это я",
                 "from": "77752837306@c.us", "chatId": "77752837306@c.us", "is_me": false],
                ["id": "GR-1", "profile_id": "sim-profile", "wh_type": "incoming_message", "type": "chat", "body": "Всем привет",
                 "from": "77010000001@c.us", "chatId": "120363@g.us", "chat_type": "group", "is_me": false],
                ["id": "RE-1", "profile_id": "sim-profile", "wh_type": "incoming_message", "type": "reaction", "body": "👍",
                 "from": "77010000002@c.us", "chatId": "77010000002@c.us", "is_me": false],
                ["id": "VO-1", "profile_id": "sim-profile", "wh_type": "incoming_message", "type": "ptt", "body": "T2dnUw==",
                 "from": "77010000003@c.us", "chatId": "77010000003@c.us", "is_me": false],
            ]]
            try await client.execute(uri: "/webhooks/wappi/default/\(Self.secret)", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: mixed.jsonText)) { response in
                let outcome = try JSONValue.parse(Data(response.body.readableBytesView))
                #expect(outcome["accepted"] == 0)
                #expect(outcome["ignored"] == ["whitelist": 1, "group": 1, "reaction": 1])
                #expect(outcome["voice"] == 1)
            }

            // The customer's first message is in the conversation before the owner answers it.
            #expect(try await AdminEndpointsTests.eventually(.seconds(30)) { try await Self.progress(system, phone: phone).handled == 1 })
            // The owner answers from the phone: stored as a human message, the bot pauses in that chat.
            await simulator.ownerWrites(phone: phone, text: "Здравствуйте, это Марат, сейчас всё расскажу")
            for text in ["Сколько стоит доставка?", "Нужен счет на оплату"] {
                await simulator.customerWrites(phone: phone, text: text)
            }
            var authors: [String] = []
            _ = try await AdminEndpointsTests.eventually(.seconds(30)) {
                authors = try await Self.conversation(system, phone: phone).map(\.author.rawValue)
                return authors.count >= 4
            }
            // Time for a reply to go out, were the bot to answer.
            try await Task.sleep(for: .seconds(1))
            #expect(simulator.botMessages(phone: phone).isEmpty)
            let paused = try await system.database.read { sql in
                try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "\(phone)@c.us"))
            }?.botPausedUntil
            #expect((paused ?? .distantPast) > Date())
            #expect(authors == ["customer", "human", "customer", "customer"])
        }
    }

    @Test func withoutATranscribingModelAVoiceNoteGetsAPoliteRequestToWrite() async throws {
        try await Self.withWhatsApp { simulator, system, _, _ in
            let phone = "77016667788"
            let id = await simulator.customerWrites(phone: phone, text: "", voice: Data("OggS voice note".utf8))
            let replies = try await Self.waitForBotMessages(simulator, phone: phone, count: 1)
            #expect(replies.map(\.body) == [VoiceNoteText.pleaseWrite])
            #expect(replies.first?.quotedID == id)
            let stored = try await system.database.read { sql in
                let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "\(phone)@c.us"))
                return try await MessageRepository(sql).conversation(contactID: contact?.id ?? 0).first
            }
            #expect(stored?.isVoice == true)
            #expect(stored?.text == VoiceNoteText.untranscribed)
        }
    }

    @Test func aVoiceNoteIsTranscribedBeforeTheAgentSeesItAndAnswered() async throws {
        let gemini = GeminiSimulator(apiKey: "voice-key")
        gemini.enqueue(.text("Сколько стоит доставка в Астану?", signature: nil))
        gemini.enqueue(.text(#"{"isClient": true, "confidence": 0.9, "reasoning": "спрашивает о доставке"}"#, signature: nil))
        gemini.enqueue(.text("Доставка в Астану — 3–7 дней, по тарифу перевозчика. Подобрать Вам коврики?", signature: nil))
        try await SimulatorServer.withServer(gemini.router()) { geminiPort in
            var models = ModelSettings()
            models.provider = .gemini
            models.geminiAPIKey = "voice-key"
            models.geminiBaseURL = "http://127.0.0.1:\(geminiPort)/v1beta"
            try await Self.withWhatsApp(models: models, configure: { $0.classifyMinMessages = 1 }) { simulator, system, _, _ in
                let phone = "77019990011"
                let audio = Data("OggS voice note".utf8)
                let voiceID = await simulator.customerWrites(phone: phone, text: "", voice: audio)
                let deadline = ContinuousClock.now + .seconds(20)
                var stored: StoredMessage?
                while ContinuousClock.now < deadline, stored?.handledAt == nil {
                    stored = try await system.database.read { sql in
                        let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .whatsapp,
                                                                                                  chatID: "\(phone)@c.us"))
                        return try await MessageRepository(sql).conversation(contactID: contact?.id ?? 0).first
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(stored?.text == "[ТРАНСКРИБАЦИЯ] Сколько стоит доставка в Астану?")
                #expect(stored?.isVoice == true)
                let sent = try #require(gemini.requests.first?.body["contents"]?.arrayValue?.first?["parts"]?.arrayValue)
                #expect(sent[1]["inlineData"]?["mimeType"] == "audio/ogg")
                #expect(sent[1]["inlineData"]?["data"] == .string(audio.base64EncodedString()))
                await system.usageLog.flush()
                let usage = try await system.database.read { sql in try await ModelUsageRepository(sql).totals(since: .distantPast) }
                #expect(usage["transcription"]?.calls == 1)
                // The transcript is answered like any text, quoting the voice note.
                let replies = try await Self.waitForBotMessages(simulator, phone: phone, count: 1)
                #expect(replies.map(\.body) == ["Доставка в Астану — 3–7 дней, по тарифу перевозчика. Подобрать Вам коврики?"])
                #expect(replies.first?.quotedID == voiceID)
            }
        }
    }

    @Test func textWrittenAfterAVoiceNoteWaitsForTheTranscript() async throws {
        let gemini = GeminiSimulator(apiKey: "voice-key")
        // The transcript takes a while; the customer's text right after the note must not overtake it.
        gemini.enqueue(.delayed(milliseconds: 1500, .text("Нужны коврики на Camry 70", signature: nil)))
        try await SimulatorServer.withServer(gemini.router()) { geminiPort in
            var models = ModelSettings()
            models.provider = .gemini
            models.geminiAPIKey = "voice-key"
            models.geminiBaseURL = "http://127.0.0.1:\(geminiPort)/v1beta"
            try await Self.withWhatsApp(models: models) { simulator, system, _, _ in
                let phone = "77019990022"
                let voiceID = await simulator.customerWrites(phone: phone, text: "", voice: Data("OggS voice note".utf8))
                let textID = await simulator.customerWrites(phone: phone, text: "И сколько стоит доставка в Астану?")
                let deadline = ContinuousClock.now + .seconds(20)
                var stored: [StoredMessage] = []
                while ContinuousClock.now < deadline, stored.filter({ $0.handledAt != nil }).count < 2 {
                    stored = try await system.database.read { sql in
                        let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .whatsapp,
                                                                                                  chatID: "\(phone)@c.us"))
                        return try await MessageRepository(sql).conversation(contactID: contact?.id ?? 0).filter { $0.author == .customer }
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(stored.map(\.messageID) == [voiceID, textID], "the voice note is in the conversation before the text after it")
                #expect(stored.first?.text == "[ТРАНСКРИБАЦИЯ] Нужны коврики на Camry 70")
                let logged = try await system.database.read { sql in
                    try await MessageLogRepository(sql).hasVoiceAwaitingTranscript(
                        key: ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "\(phone)@c.us"), since: .distantPast)
                }
                #expect(!logged, "the transcript was recorded in the message log")
            }
        }
    }

    @Test func aBareAttachmentGetsARequestToWriteAndACaptionIsAnswered() async throws {
        try await Self.withWhatsApp(configure: { $0.classifyMinMessages = 1 }) { simulator, system, _, _ in
            let phone = "77015554433"
            await simulator.customerWrites(phone: phone, text: "Здравствуйте! Сколько стоят EVA коврики на Camry? Нужен счет на оплату")
            #expect(try await AdminEndpointsTests.eventually(.seconds(30)) { try await Self.progress(system, phone: phone) == (1, 1) })
            let photo = await simulator.customerSendsFile(phone: phone, type: "image", data: Data([0xFF, 0xD8, 0xFF]))
            let replies = try await Self.waitForBotMessages(simulator, phone: phone, count: 2)
            #expect(replies.last?.body == MediaNoteText.pleaseWrite)
            #expect(replies.last?.quotedID == photo)
            await simulator.customerSendsFile(phone: phone, type: "document", data: Data("%PDF".utf8), caption: "Сколько стоит доставка в Астану?")
            let answered = try await Self.waitForBotMessages(simulator, phone: phone, count: 3)
            #expect(answered.count == 3)
            #expect(answered.last?.body != MediaNoteText.pleaseWrite, "a caption is the customer's text and is answered")
            let texts = try await system.database.read { sql in
                let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "\(phone)@c.us"))
                return try await MessageRepository(sql).conversation(contactID: contact?.id ?? 0).filter { $0.author == .customer }.map(\.text)
            }
            #expect(texts.suffix(2) == ["[ИЗОБРАЖЕНИЕ]", "[ДОКУМЕНТ] Сколько стоит доставка в Астану?"])
        }
    }

    @Test func pollingTellsTheBotsOwnSendsFromTheOwnerTypingOnThePhone() async throws {
        try await Self.withWhatsApp(registerWebhook: false, configure: { settings in
            settings.classifyMinMessages = 1
            settings.whatsapp?.inbound = .polling
            settings.whatsapp?.pollingIntervalSeconds = 1
        }) { simulator, system, _, _ in
            let key = ConversationKey(tenantID: "default", channel: .whatsapp, chatID: "77013332211@c.us")
            // The first poll only marks the history as seen; write after it.
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                // The connection made from WAPPI_* polls, under its own cursors.
                let connections = try await system.database.read { sql in try await ChannelConnectionRepository(sql).list(tenantID: "default") }
                let cursors = try await system.database.read { sql in
                    try await ChannelCursorRepository(sql).cursors(tenantID: "default", channel: .whatsapp, connectionID: connections.first?.id)
                }
                if cursors["*"] != nil { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let phone = "77013332211"
            await simulator.customerWrites(phone: phone, text: "Здравствуйте, сколько стоит доставка в Астану?")
            _ = try await Self.waitForBotMessages(simulator, phone: phone, count: 1)
            // Polls read the bot's own send back (without `from_where`): it must not pass for the owner typing.
            try await Task.sleep(for: .milliseconds(2500))
            let afterOwnSend = try await system.database.read { sql in try await ContactRepository(sql).find(key: key) }
            #expect(afterOwnSend?.botPausedUntil == nil, "the bot's own message did not pause it")
            await simulator.ownerWrites(phone: phone, text: "Добрый день, это Марат, подскажу по доставке")
            let paused = try await AdminEndpointsTests.eventually(.seconds(30)) {
                try await system.database.read { sql in try await ContactRepository(sql).find(key: key) }?.botPausedUntil != nil
            }
            #expect(paused, "a poll read the owner's message and paused the bot")
            await simulator.customerWrites(phone: phone, text: "Спасибо, жду счет на оплату")
            var authors: [String] = []
            _ = try await AdminEndpointsTests.eventually(.seconds(30)) {
                authors = try await Self.conversation(system, phone: phone).map(\.author.rawValue)
                return authors.count >= 4
            }
            // Time for a reply to go out, were the bot to answer.
            try await Task.sleep(for: .milliseconds(1500))
            #expect(simulator.botMessages(phone: phone).count == 1, "the bot stays quiet after the owner wrote")
            let contact = try await system.database.read { sql in try await ContactRepository(sql).find(key: key) }
            #expect((contact?.botPausedUntil ?? .distantPast) > Date())
            #expect(authors == ["customer", "bot", "human", "customer"])
        }
    }

    @Test func badWebhooksGetAReasonAndStoreNothing() async throws {
        try await Self.withWhatsApp { _, system, client, _ in
            let valid: JSONValue = ["messages": [["id": "X-1", "profile_id": "sim-profile", "type": "chat", "body": "Привет",
                                                  "from": "77013334455@c.us", "chatId": "77013334455@c.us", "is_me": false]]]
            let cases: [(String, String, HTTPResponse.Status)] = [
                ("/webhooks/wappi/default/wrong-secret-0000000", valid.jsonText, .forbidden),
                ("/webhooks/wappi/nowhere/\(Self.secret)", valid.jsonText, .notFound),
                ("/webhooks/wappi/default/\(Self.secret)", "{\"messages\": [", .badRequest),
                ("/webhooks/wappi/default/\(Self.secret)", "{\"event\": 1}", .badRequest),
                ("/webhooks/wappi/default/\(Self.secret)",
                 #"{"messages":[{"id":"X-2","profile_id":"someone-else","type":"chat","body":"x","from":"1@c.us"}]}"#, .forbidden),
                ("/webhooks/wappi/default/\(Self.secret)", "{\"messages\":[{\"id\":\"" + String(repeating: "a", count: 33 << 20) + "\"}]}",
                 .contentTooLarge),
            ]
            for (uri, body, status) in cases {
                try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"],
                                         body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(uri)")
                    #expect(String(buffer: response.body).contains("reason"))
                }
            }
            let logged = try await system.database.read { sql in
                try await sql.query("SELECT COUNT(*) AS n FROM message_logs WHERE channel = 'whatsapp'", []).first?.optionalInt("n")
            }
            #expect(logged == 0)

            // Every field keeps its limit: a post whose every event breaks one is refused, 413 for a field over its
            // limit and 400 for a field out of Wappi's format, with a reason naming the field.
            func post(_ event: String) -> String { #"{"messages":["# + event + "]}" }
            let statuses = (0..<100_000).map { #"{"id":"S\#($0)","profile_id":"sim-profile","wh_type":"delivery_status","stanza_id":"U\#($0)","body":"read"}"# }
            let limits: [(String, HTTPResponse.Status, String)] = [
                (post(#"{"id":"X-3","profile_id":"sim-profile","type":"chat","body":""# + String(repeating: "a", count: 30_000_000)
                      + #"","from":"77013334455@c.us"}"#), .contentTooLarge, "«body» must be at most 65536 characters"),
                (post(#"{"id":""# + String(repeating: "a", count: 100_000) + #"","profile_id":"sim-profile","type":"chat","body":"x","from":"77013334455@c.us"}"#),
                 .contentTooLarge, "«id» must be at most 256 characters"),
                (post(#"{"id":"x","profile_id":"sim-profile","body":5,"from":[1]}"#), .badRequest, "«body» must be a string"),
                (post(#"{"id":"X-4","profile_id":"sim-profile","type":"chat","body":"x","from":[1]}"#), .badRequest, "«from» must be a string"),
                (post(#"{"id":"X-5","profile_id":"sim-profile","type":"chat","body":"x"}"#), .badRequest, "«from» is missing"),
                (post(#"{"id":"X-6","profile_id":"sim-profile","type":"chat","body":"x","from":"../../etc/passwd@c.us"}"#), .badRequest, "«from»"),
                (post(#"{"id":"X-7","profile_id":"sim-profile","type":"chat","body":"x","from":"77013334455@c.us","time":"1790000000"}"#),
                 .badRequest, "«time»"),
                ("{\"messages\":[" + statuses.joined(separator: ",") + "]}", .contentTooLarge, "at most 1000 events"),
            ]
            // Posts of tens of megabytes: a debug build on a loaded two-core machine reads them for longer than the
            // test client's 20 s, so they go through a client of their own with a wider deadline.
            let port = try #require(client.port)
            for (body, status, reason) in limits {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/webhooks/wappi/default/\(Self.secret)")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: body))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
                let answer = String(buffer: try await response.body.collect(upTo: 1 << 20))
                #expect(response.status.code == status.code, "\(reason)")
                #expect(answer.contains(reason), "\(answer.prefix(300))")
                #expect(answer.utf8.count < 1000, "the reason never quotes a field over its limit")
            }
            let counts = try await system.database.read { sql in
                try await ["message_logs", "contacts", "messages", "early_delivery_statuses", "queue_messages"].asyncMap { table in
                    try await sql.query("SELECT COUNT(*) AS n FROM \(table)", []).first?.optionalInt("n") ?? -1
                }
            }
            #expect(counts == [0, 0, 0, 0, 0], "nothing of a refused post is stored")
        }
    }

    @Test func aPostKeepsItsValidEventsAndRefusesTheOthersAlone() async throws {
        try await Self.withWhatsApp(configure: { $0.classifyMinMessages = 1 }) { simulator, system, client, _ in
            let phone = "77013336677"
            let mixed: JSONValue = ["messages": [
                ["id": "OK-1", "profile_id": "sim-profile", "wh_type": "incoming_message", "type": "chat", "body": "Здравствуйте, сколько стоит доставка в Астану?",
                 "from": .string("\(phone)@c.us"), "chatId": .string("\(phone)@c.us"), "is_me": false],
                ["id": "BAD-1", "profile_id": "sim-profile", "wh_type": "incoming_message", "type": "chat", "body": 5, "from": [1]],
                ["id": "BAD-2", "profile_id": "sim-profile", "wh_type": "incoming_message", "type": "chat", "body": "x", "from": "../../etc/passwd@c.us"],
                ["id": "ZW-1", "profile_id": "sim-profile", "wh_type": "incoming_message", "type": "chat", "body": "\u{200B}\u{FEFF}\u{0000}",
                 "from": "77013336688@c.us", "chatId": "77013336688@c.us", "is_me": false],
            ]]
            try await client.execute(uri: "/webhooks/wappi/default/\(Self.secret)", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: mixed.jsonText)) { response in
                #expect(response.status == .ok, "a post with valid events is answered 200, so that Wappi does not send them again")
                let outcome = try JSONValue.parse(Data(response.body.readableBytesView))
                #expect(outcome["accepted"] == 1)
                #expect(outcome["refused"] == ["invalid_body": 1, "invalid_from": 1])
                #expect(outcome["ignored"] == ["empty_text": 1])
                #expect(outcome["refusals"]?.arrayValue?.compactMap { $0["eventID"]?.stringValue } == ["BAD-1", "BAD-2"])
            }
            // The valid message is answered; the invisible one is neither stored nor answered, and no contact is made of the bad ones.
            #expect(try await AdminEndpointsTests.eventually(.seconds(30)) { try await Self.progress(system, phone: phone) == (1, 1) })
            try await Task.sleep(for: .milliseconds(500))
            #expect(simulator.botMessages(phone: "77013336688").isEmpty)
            let chats = try await system.database.read { sql in
                try await sql.query("SELECT chat_id FROM contacts ORDER BY chat_id", []).compactMap { $0.optionalString("chat_id") }
            }
            #expect(chats == ["\(phone)@c.us"])
            let logged = try await system.database.read { sql in
                try await sql.query("SELECT message_id FROM message_logs WHERE direction = 'incoming'", []).compactMap { $0.optionalString("message_id") }
            }
            #expect(logged == ["OK-1"])
        }
    }
}

/// Inbound WhatsApp by polling against the Wappi simulator.
@Suite struct WhatsAppPollingTests {
    @Test func pollingCatchesEveryMessageBetweenTwoPollsOnceAndSkipsOldHistory() async throws {
        let simulator = WappiSimulator()
        try await SimulatorServer.withServer(simulator.router()) { wappiPort in
            try await withTemporaryDirectory { directory in
                // History from before Sauda was connected.
                await simulator.customerWrites(phone: "77010000001", text: "Старое сообщение", at: Date().addingTimeInterval(-3600))
                var settings = SaudaSettings()
                settings.database = .sqlite(path: directory.appendingPathComponent("polling.sqlite").path)
                settings.whatsapp = WhatsAppSettings(token: "sim-token", profileID: "sim-profile", baseURL: "http://127.0.0.1:\(wappiPort)",
                                                     webhookSecret: "polling-secret-0123456789")
                let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
                try await system.prepare()
                let poller = try #require(system.pollers.first)
                let first = try await poller.pollOnce()
                #expect(first.firstPoll)
                #expect(first.accepted == 0)
                // Three messages between two polls (the earlier gateway's poller kept only the last one).
                let phone = "77012223344"
                var ids: [String] = []
                for text in ["Здравствуйте", "Сколько стоят коврики?", "И доставка в Караганду?"] {
                    ids.append(await simulator.customerWrites(phone: phone, text: text))
                }
                let second = try await poller.pollOnce()
                #expect(second.accepted == 3)
                let quiet = try await poller.pollOnce()
                #expect(quiet.accepted == 0)
                #expect(quiet.chats == 0, "a chat with nothing new is not read again")
                // A new poller (a restart) repeats nothing: the cursor is stored.
                let restarted = try #require(system.dependencies.channels.makePollers().first)
                #expect(try await restarted.pollOnce().accepted == 0)
                let queued = try await system.database.read { sql in
                    try await sql.query("SELECT message_id FROM message_logs WHERE channel = 'whatsapp' ORDER BY id", []).compactMap {
                        $0.optionalString("message_id")
                    }
                }
                #expect(queued == ids)
                await system.database.close()
            }
        }
    }
}

extension Array where Element: Sendable {
    func asyncFilter(_ keep: (Element) async throws -> Bool) async rethrows -> [Element] {
        var kept: [Element] = []
        for element in self where try await keep(element) { kept.append(element) }
        return kept
    }
}

extension Array where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var mapped: [T] = []
        for element in self { mapped.append(try await transform(element)) }
        return mapped
    }
}
