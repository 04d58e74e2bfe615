import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SaudaBus
import SaudaChannelTelegram
import SaudaChannels
import SaudaCore
import SaudaModels
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// Telegram end to end over real HTTP on loopback: Sauda's bots against the Bot API simulator, by polling and by
/// webhook, through a 429 storm and an outage, with voice notes, a blocked bot, Telegram Business and two businesses
/// with two bots each.
@Suite(.serialized) struct TelegramEndToEndTests {
    /// A bot of a business, as the tests made it.
    struct Bot: Sendable {
        let tenantID: String
        let botID: Int64
        let connection: ChannelConnection
        let secret: String
    }

    /// What a test gets: the simulator, the system, the HTTP client of the server and its port.
    struct Harness: Sendable {
        let simulator: TelegramSimulator
        let system: SaudaSystem
        let client: any TestClientProtocol
        let port: Int
        let simulatorPort: Int
    }

    static let question = "Сколько стоят EVA коврики на Camry?"

    /// Runs `body` with a system whose default business has the bot `defaultBot` (polling unless `webhook`).
    static func withTelegram(webhook: Bool = false, models: ModelSettings = ModelSettings(),
                             configure: @escaping @Sendable (inout SaudaSettings) -> Void = { _ in },
                             _ body: @escaping @Sendable (Harness, Bot) async throws -> Void) async throws {
        let simulator = TelegramSimulator(webhookRetryDelay: .milliseconds(50), webhookMaxRetryDelay: .milliseconds(400))
        try await SimulatorServer.withServer(simulator.router()) { simulatorPort in
            try await withTemporaryDirectory { directory in
                var settings = SaudaSettings()
                settings.database = .sqlite(path: directory.appendingPathComponent("telegram.sqlite").path)
                settings.models = models
                settings.classifyMinMessages = 1
                configure(&settings)
                let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
                _ = try system.masterKeys.load(creatingFile: true)
                try await system.prepare()
                let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
                try await app.test(.ahc(.http)) { client in
                    let port = try #require(client.port)
                    if webhook { system.telegramConnections.usePublicURL("http://127.0.0.1:\(port)") }
                    let harness = Harness(simulator: simulator, system: system, client: client, port: port, simulatorPort: simulatorPort)
                    let bot = try await addBot(to: Tenant.defaultID, id: 7_000_000_001, username: "shop_bot", inbound: webhook ? .webhook : .polling,
                                               harness: harness)
                    try await body(harness, bot)
                }
            }
        }
    }

    /// Adds a bot to a business (made when missing) as the admin API does: the row and its sealed secrets.
    /// - Parameter reconcile: whether the harness's system starts the bot at once.
    static func addBot(to tenantID: String, id: Int64, username: String, inbound: TelegramConnectionSettings.Inbound, harness: Harness,
                       createdAt now: Date = Date(), reconcile: Bool = true) async throws -> Bot {
        let token = harness.simulator.addBot(id: id, username: username)
        let settings = TelegramConnectionSettings(botID: id, username: username, baseURL: "http://127.0.0.1:\(harness.simulatorPort)",
                                                  inbound: inbound, canConnectToBusiness: true)
        let connection = ChannelConnection(id: ChannelConnection.newID(for: .telegram), tenantID: tenantID, provider: .telegram,
                                           name: "Telegram @\(username)", publicID: ChannelConnection.newPublicID(), settings: settings.json,
                                           createdAt: now, updatedAt: now)
        let secret = TelegramConnectionSettings.newWebhookSecret()
        let sealer = harness.system.secrets
        try await harness.system.database.transaction { sql in
            if try await TenantRepository(sql).find(id: tenantID) == nil {
                _ = try await TenantRepository(sql).create(Tenant(id: tenantID, name: "Магазин \(tenantID)", timeZone: "Asia/Almaty"), now: now)
            }
            try await ChannelConnectionRepository(sql).add(connection)
            let secrets = SecretRepository(sql)
            _ = try await secrets.put(tenantID: tenantID, name: connection.secretName(TelegramConnectionSettings.tokenSecret), value: token,
                                      sealer: sealer, now: now)
            _ = try await secrets.put(tenantID: tenantID, name: connection.secretName(TelegramConnectionSettings.webhookSecretName), value: secret,
                                      sealer: sealer, now: now)
        }
        if reconcile { try await harness.system.channelSupervisor.reconcile() }
        return Bot(tenantID: tenantID, botID: id, connection: connection, secret: secret)
    }

    /// The bot's messages to a customer, once there are `count` or after `timeout`.
    static func waitForReplies(_ simulator: TelegramSimulator, bot: Int64, chat: Int64, business: String? = nil, count: Int,
                               within timeout: Duration = .seconds(20)) async throws -> [TelegramSimulator.SentMessage] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let sent = simulator.sentMessages(botID: bot, chatID: chat, businessConnectionID: business)
            if sent.count >= count { return sent }
            try await Task.sleep(for: .milliseconds(50))
        }
        return simulator.sentMessages(botID: bot, chatID: chat, businessConnectionID: business)
    }

    static func key(_ bot: Bot, chat: Int64, business: String? = nil) -> ConversationKey {
        ConversationKey(tenantID: bot.tenantID, channel: .telegram,
                        chatID: TelegramChat(botID: bot.botID, businessConnectionID: business, chatID: chat).description)
    }

    static func contact(_ system: SaudaSystem, _ key: ConversationKey) async throws -> Contact? {
        try await system.database.read { sql in try await ContactRepository(sql).find(key: key) }
    }

    static func conversation(_ system: SaudaSystem, _ key: ConversationKey) async throws -> [StoredMessage] {
        try await system.database.read { sql in
            let contact = try await ContactRepository(sql).find(key: key)
            return try await MessageRepository(sql).conversation(contactID: contact?.id ?? 0)
        }
    }

    /// Customer messages handled and bot replies stored in a conversation.
    static func progress(_ system: SaudaSystem, _ key: ConversationKey) async throws -> (handled: Int, replies: Int) {
        let messages = try await conversation(system, key)
        return (messages.filter { $0.author == .customer && $0.handledAt != nil }.count, messages.filter { $0.author == .bot }.count)
    }

    // MARK: Tests

    @Test func aCustomerIsAnsweredByPollingWithTheirNameUsernameAndStartSource() async throws {
        try await Self.withTelegram { harness, bot in
            let customer: Int64 = 523_456_789
            await harness.simulator.customerWrites(botID: bot.botID, userID: customer, text: "/start promo_42", firstName: "Даурен",
                                                   username: "dauren")
            let messageID = await harness.simulator.customerWrites(botID: bot.botID, userID: customer, text: Self.question, firstName: "Даурен",
                                                                   username: "dauren")
            let replies = try await Self.waitForReplies(harness.simulator, bot: bot.botID, chat: customer, count: 1)
            #expect(replies.count >= 1)
            #expect(replies.allSatisfy { $0.parseMode == nil }, "plain text, no parse mode")
            let key = Self.key(bot, chat: customer)
            let contact = try #require(try await Self.contact(harness.system, key))
            #expect(contact.username == "dauren")
            #expect(contact.startParameter == "promo_42")
            #expect(contact.profile.name == "Даурен" || contact.profile.fullName == "Даурен")
            let stored = try await Self.conversation(harness.system, key)
            #expect(stored.contains { $0.messageID == "\(bot.botID):\(customer):\(messageID)" })
            // The poll lease is this process's and the offset moved past what was read.
            let offset = try await harness.system.database.read { sql in
                try await ChannelPollLeaseRepository(sql).offset(connectionID: bot.connection.id)
            }
            #expect(offset > 0)
            #expect(harness.simulator.pendingUpdateCount(botID: bot.botID) == 0)
            // A lead recorded for the contact takes the deep link as its source.
            let lead = try await harness.system.database.transaction { sql in
                try await LeadRepository(sql).upsert(key: key, contactID: contact.id, capture: LeadCapture(stage: .qualified, name: "Даурен"), now: Date())
            }
            #expect(lead.source == "telegram:promo_42")
        }
    }

    @Test func webhookModeRegistersTheAddressAndADuplicateDeliveryIsAnsweredOnce() async throws {
        try await Self.withTelegram(webhook: true) { harness, bot in
            #expect(try await AdminEndpointsTests.eventually(.seconds(10)) {
                harness.simulator.webhookURL(botID: bot.botID) == "http://127.0.0.1:\(harness.port)/webhooks/telegram/\(bot.connection.publicID)"
            })
            let customer: Int64 = 600_000_001
            // The simulator delivers the first update twice (its first 2xx is taken as lost), as Telegram may.
            harness.simulator.failNextWebhookDeliveries(botID: bot.botID, count: 1)
            await harness.simulator.customerWrites(botID: bot.botID, userID: customer, text: Self.question)
            let replies = try await Self.waitForReplies(harness.simulator, bot: bot.botID, chat: customer, count: 1)
            #expect(replies.count == 1)
            try await Task.sleep(for: .milliseconds(500))
            #expect(harness.simulator.sentMessages(botID: bot.botID, chatID: customer).count == 1, "a duplicate delivery is not answered again")
            let logged = try await harness.system.database.read { sql in
                try await MessageLogRepository(sql).recent(tenantID: bot.tenantID, direction: .incoming, chatID: Self.key(bot, chat: customer).chatID,
                                                           beforeID: nil, limit: 10)
            }
            #expect(logged.count == 1)
            // Switching the bot to polling deletes the webhook by itself (Telegram's 409 while one is set).
            try await harness.system.database.transaction { sql in
                let connections = ChannelConnectionRepository(sql)
                guard var connection = try await connections.find(tenantID: bot.tenantID, id: bot.connection.id) else { return }
                var settings = try TelegramConnectionSettings.decode(connection.settings)
                settings.inbound = .polling
                connection.settings = settings.json
                _ = try await connections.update(connection, now: Date())
            }
            try await harness.system.channelSupervisor.reconcile()
            #expect(try await AdminEndpointsTests.eventually(.seconds(15)) { harness.simulator.webhookURL(botID: bot.botID) == nil })
            await harness.simulator.customerWrites(botID: bot.botID, userID: customer, text: "А доставка в Астану?")
            #expect(try await Self.waitForReplies(harness.simulator, bot: bot.botID, chat: customer, count: 2).count == 2)
        }
    }

    @Test func badWebhookPostsAreRefusedAndNothingIsStored() async throws {
        try await Self.withTelegram(webhook: true) { harness, bot in
            let path = "/webhooks/telegram/\(bot.connection.publicID)"
            let update = #"{"update_id": 1, "message": {"message_id": 1, "date": 1767229200, "chat": {"id": 5, "type": "private"}, "from": {"id": 5, "is_bot": false, "first_name": "X"}, "text": "Привет"}}"#
            func post(_ uri: String, secret: String?, body: String) async throws -> HTTPResponse.Status {
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                if let secret, let name = HTTPFields.Element.Name("X-Telegram-Bot-Api-Secret-Token") { headers[name] = secret }
                return try await harness.client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { $0.status }
            }
            #expect(try await post(path, secret: "wrong-secret", body: update) == .unauthorized)
            #expect(try await post(path, secret: nil, body: update) == .unauthorized)
            #expect(try await post("/webhooks/telegram/000000000000000000000000", secret: bot.secret, body: update) == .notFound)
            #expect(try await post(path, secret: bot.secret, body: "{not json") == .badRequest)
            #expect(try await post(path, secret: bot.secret, body: #"{"message": {"text": "no update_id"}}"#) == .badRequest)
            #expect(try await post(path, secret: bot.secret, body: #"{"update_id": 2, "message": {"text": "no chat"}}"#) == .badRequest)
            let huge = #"{"update_id": 3, "message": {"message_id": 3, "date": 1, "chat": {"id": 5, "type": "private"}, "text": ""# + String(repeating: "a", count: 2 << 20) + #""}}"#
            #expect(try await post(path, secret: bot.secret, body: huge) == .contentTooLarge)
            let stored = try await harness.system.database.read { sql in
                try await MessageLogRepository(sql).recent(tenantID: bot.tenantID, direction: .incoming, chatID: nil, beforeID: nil, limit: 10)
            }
            #expect(stored.isEmpty, "nothing of a refused post is stored")
            #expect(try await post(path, secret: bot.secret, body: update) == .ok)
        }
    }

    @Test func aVoiceNoteIsDownloadedTranscribedAndAnswered() async throws {
        let gemini = GeminiSimulator(apiKey: "voice-key")
        gemini.enqueue(.text("Сколько стоит доставка в Астану?", signature: nil))
        gemini.enqueue(.text(#"{"isClient": true, "confidence": 0.9, "reasoning": "спрашивает о доставке"}"#, signature: nil))
        gemini.enqueue(.text("Доставка в Астану — 3–7 дней. Подобрать Вам коврики?", signature: nil))
        try await SimulatorServer.withServer(gemini.router()) { geminiPort in
            var models = ModelSettings()
            models.provider = .gemini
            models.geminiAPIKey = "voice-key"
            models.geminiBaseURL = "http://127.0.0.1:\(geminiPort)/v1beta"
            try await Self.withTelegram(models: models) { harness, bot in
                let customer: Int64 = 700_000_001
                let audio = Data("OggS telegram voice note".utf8)
                let voiceID = await harness.simulator.customerSendsVoice(botID: bot.botID, userID: customer, audio: audio)
                let replies = try await Self.waitForReplies(harness.simulator, bot: bot.botID, chat: customer, count: 1)
                #expect(replies.map(\.text) == ["Доставка в Астану — 3–7 дней. Подобрать Вам коврики?"])
                #expect(replies.first?.replyToMessageID == voiceID)
                let stored = try await Self.conversation(harness.system, Self.key(bot, chat: customer)).first
                #expect(stored?.text == "[ТРАНСКРИБАЦИЯ] Сколько стоит доставка в Астану?")
                let sent = try #require(gemini.requests.first?.body["contents"]?.arrayValue?.first?["parts"]?.arrayValue)
                #expect(sent[1]["inlineData"]?["data"] == .string(audio.base64EncodedString()), "the audio downloaded with getFile")
            }
        }
    }

    @Test func aBlockedBotMarksTheContactUnreachableAndEndsItsFollowUps() async throws {
        try await Self.withTelegram { harness, bot in
            let customer: Int64 = 800_000_001
            await harness.simulator.customerWrites(botID: bot.botID, userID: customer, text: Self.question)
            #expect(try await Self.waitForReplies(harness.simulator, bot: bot.botID, chat: customer, count: 1).count == 1)
            let key = Self.key(bot, chat: customer)
            harness.simulator.blockBot(botID: bot.botID, userID: customer)
            // An operator writes; Telegram refuses: the reply is dead, the contact unreachable.
            let contact = try #require(try await Self.contact(harness.system, key))
            // Telegram tells of the block (my_chat_member kicked): the contact is unreachable before anything is sent.
            #expect(try await AdminEndpointsTests.eventually(.seconds(15)) {
                try await Self.contact(harness.system, key)?.unreachableAt != nil
            })
            _ = try await harness.system.console.send(tenantID: bot.tenantID, .id(contact.id), text: "Вы ещё здесь?", by: "Айгерим")
            #expect(try await AdminEndpointsTests.eventually(.seconds(15)) { try await harness.system.bus.deadLetters(.outgoing) == 1 })
            let followUps = try await harness.system.database.read { sql in try await FollowUpRepository(sql).all(contactID: contact.id) }
            #expect(!followUps.isEmpty, "the reply started a follow-up chain")
            #expect(followUps.allSatisfy { $0.isCompleted }, "no follow-up touch goes to a customer who blocked the bot")
            #expect(followUps.contains { $0.endReason == .unreachable })
            // Writing again makes them reachable.
            await harness.simulator.customerWrites(botID: bot.botID, userID: customer, text: "Извините, случайно")
            #expect(try await AdminEndpointsTests.eventually(.seconds(15)) { try await Self.contact(harness.system, key)?.unreachableAt == nil })
        }
    }

    @Test func theOwnersTakeoverThroughABusinessConnectionPausesTheBot() async throws {
        try await Self.withTelegram { harness, bot in
            let owner: Int64 = 42_000_001
            let connection = await harness.simulator.connectBusiness(botID: bot.botID, ownerID: owner, ownerName: "Айгерим")
            let customer: Int64 = 900_000_001
            await harness.simulator.customerWrites(botID: bot.botID, userID: customer, text: Self.question, businessConnectionID: connection)
            let replies = try await Self.waitForReplies(harness.simulator, bot: bot.botID, chat: customer, business: connection, count: 1)
            #expect(replies.count == 1)
            #expect(replies.first?.businessConnectionID == connection, "answered in the owner's chat, on the owner's behalf")
            let account = try await harness.system.database.read { sql in
                try await BusinessAccountRepository(sql).find(connectionID: bot.connection.id, accountID: connection)
            }
            #expect(account?.ownerID == String(owner))
            #expect(account?.answers == true)
            // The owner writes by hand: the bot pauses in that chat and the next customer message is not answered.
            await harness.simulator.ownerWrites(botID: bot.botID, connectionID: connection, customerID: customer, text: "Добрый день, это Айгерим, сейчас подскажу")
            let key = Self.key(bot, chat: customer, business: connection)
            #expect(try await AdminEndpointsTests.eventually(.seconds(10)) {
                (try await Self.contact(harness.system, key)?.botPausedUntil ?? .distantPast) > Date()
            })
            await harness.simulator.customerWrites(botID: bot.botID, userID: customer, text: "А доставка?", businessConnectionID: connection)
            #expect(try await AdminEndpointsTests.eventually(.seconds(10)) {
                try await Self.conversation(harness.system, key).contains { $0.text == "А доставка?" && $0.handledAt != nil }
            })
            #expect(harness.simulator.sentMessages(botID: bot.botID, chatID: customer, businessConnectionID: connection).count == 1)
            // The owner disconnects the bot: its state is stored, and Sauda no longer answers there.
            await harness.simulator.disconnectBusiness(botID: bot.botID, connectionID: connection)
            #expect(try await AdminEndpointsTests.eventually(.seconds(10)) {
                try await harness.system.database.read { sql in
                    try await BusinessAccountRepository(sql).find(connectionID: bot.connection.id, accountID: connection)?.enabled == false
                }
            })
        }
    }

    @Test func twoBusinessesWithTwoBotsEachAreAnsweredByTheRightBot() async throws {
        try await Self.withTelegram { harness, first in
            let second = try await Self.addBot(to: Tenant.defaultID, id: 7_000_000_002, username: "shop_second_bot", inbound: .polling, harness: harness)
            let other1 = try await Self.addBot(to: "moscow", id: 7_000_000_003, username: "moscow_bot", inbound: .polling, harness: harness)
            let other2 = try await Self.addBot(to: "moscow", id: 7_000_000_004, username: "moscow_second_bot", inbound: .polling, harness: harness)
            let customer: Int64 = 555_000_001
            // The same person writes to all four bots: four conversations, each answered by its own bot.
            for bot in [first, second, other1, other2] {
                await harness.simulator.customerWrites(botID: bot.botID, userID: customer, text: Self.question)
            }
            for bot in [first, second, other1, other2] {
                #expect(try await Self.waitForReplies(harness.simulator, bot: bot.botID, chat: customer, count: 1).count == 1, "bot \(bot.botID)")
                #expect(try await Self.contact(harness.system, Self.key(bot, chat: customer)) != nil)
            }
            for bot in [first, second, other1, other2] {
                #expect(harness.simulator.sentMessages(botID: bot.botID, chatID: customer).count == 1)
            }
            let statuses = harness.system.channelSupervisor.statuses().filter { $0.provider == .telegram }
            #expect(statuses.count == 4)
            #expect(statuses.allSatisfy { $0.state == "active" && $0.lastPollAt != nil })
        }
    }

    @Test func fiftyMessagesFromTenCustomersThroughA429StormAndAnOutageAreAllAnsweredOnceInOrder() async throws {
        try await Self.withTelegram(configure: { settings in
            settings.retry.initialBackoff = 0.2
            settings.retry.maxBackoff = 1
            settings.retry.maxAttempts = 3
        }) { harness, bot in
            let customers: [Int64] = (0..<10).map { 610_000_000 + Int64($0) }
            harness.simulator.failSends(botID: bot.botID, count: 12, status: 429, retryAfter: 1)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for customer in customers {
                    group.addTask {
                        for index in 0..<5 {
                            await harness.simulator.customerWrites(botID: bot.botID, userID: customer, text: "Сколько стоит доставка в Астану? Вопрос \(index)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            // Telegram goes down for a while (every call 502) while replies are due and customers keep writing.
            harness.simulator.setOutage(botID: bot.botID, true)
            for customer in customers { await harness.simulator.customerWrites(botID: bot.botID, userID: customer, text: "Вы здесь?") }
            try await Task.sleep(for: .seconds(3))
            harness.simulator.setOutage(botID: bot.botID, false)
            let deadline = ContinuousClock.now + .seconds(90)
            var pending = customers
            while ContinuousClock.now < deadline, !pending.isEmpty {
                pending = try await pending.asyncFilter { customer in
                    let (handled, replies) = try await Self.progress(harness.system, Self.key(bot, chat: customer))
                    return handled < 6 || harness.simulator.sentMessages(botID: bot.botID, chatID: customer).count < replies
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(pending.isEmpty, "customers still waiting: \(pending)")
            #expect(try await harness.system.bus.deadLetters(.outgoing) == 0, "the storm and the outage used up no attempts")
            for customer in customers {
                let key = Self.key(bot, chat: customer)
                let (_, replies) = try await Self.progress(harness.system, key)
                let sent = harness.simulator.sentMessages(botID: bot.botID, chatID: customer)
                #expect(sent.count == replies, "each reply sent exactly once to \(customer)")
                let received = try await Self.conversation(harness.system, key).filter { $0.author == .customer }
                    .compactMap { TelegramChat.messageID(ofKey: $0.messageID) }
                let quoted = sent.compactMap(\.replyToMessageID)
                #expect(quoted == quoted.sorted { (received.firstIndex(of: $0) ?? 0) < (received.firstIndex(of: $1) ?? 0) },
                        "replies to \(customer) in the order of the messages they answer: \(quoted), received \(received)")
            }
        }
    }
}
