import Foundation
import Hummingbird
import HummingbirdTesting
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

/// Telegram end to end: what customers send besides a question, and how the replies go out.
extension TelegramEndToEndTests {
    @Test func editsContactsGroupsAndTheTypingSign() async throws {
        try await Self.withTelegram { harness, bot in
            let customer: Int64 = 620_000_001
            let first = await harness.simulator.customerWrites(botID: bot.botID, userID: customer, text: Self.question)
            #expect(try await Self.waitForReplies(harness.simulator, bot: bot.botID, chat: customer, count: 1).count == 1)
            #expect(harness.simulator.chatActions(botID: bot.botID, chatID: customer).contains("typing"), "«печатает…» while the turn ran")
            let key = Self.key(bot, chat: customer)

            // An edit is recorded (the conversation shows the new text, the log keeps both) and not answered again.
            await harness.simulator.customerEdits(botID: bot.botID, userID: customer, messageID: first, text: "Сколько стоят 3D коврики на Camry?")
            #expect(try await AdminEndpointsTests.eventually(.seconds(10)) {
                try await Self.conversation(harness.system, key).contains { $0.text == "Сколько стоят 3D коврики на Camry?" }
            })
            let logged = try await harness.system.database.read { sql in
                try await MessageLogRepository(sql).recent(tenantID: bot.tenantID, direction: .incoming, chatID: key.chatID, beforeID: nil, limit: 10)
            }
            #expect(logged.count == 2)
            #expect(logged.contains { $0.queueStatus == "edited" })

            // A contact shared: the phone number is kept on the contact.
            await harness.simulator.customerSharesContact(botID: bot.botID, userID: customer, phoneNumber: "+7 701 555 00 11")
            #expect(try await AdminEndpointsTests.eventually(.seconds(10)) {
                try await Self.contact(harness.system, key)?.phoneNumber == "+77015550011"
            })
            // A group message is ignored: nothing stored, nothing sent there.
            await harness.simulator.groupMessage(botID: bot.botID, groupID: -1_001_234_567_890, userID: customer, text: "Всем привет")
            try await Task.sleep(for: .seconds(1))
            #expect(harness.simulator.sentMessages(botID: bot.botID, chatID: -1_001_234_567_890).isEmpty)
            let groups = try await harness.system.database.read { sql in
                try await MessageLogRepository(sql).recent(tenantID: bot.tenantID, direction: .incoming, chatID: "\(bot.botID):-1001234567890",
                                                           beforeID: nil, limit: 10)
            }
            #expect(groups.isEmpty)
            // Only the question was answered (the edit was not, the contact card got the reply any attachment gets).
            #expect(harness.simulator.sentMessages(botID: bot.botID, chatID: customer).filter { $0.replyToMessageID == first }.count == 1)
        }
    }

    @Test func aReplyLongerThanAMessageGoesOutInPartsAndA400IsDeadLetteredWithItsReason() async throws {
        let gemini = GeminiSimulator(apiKey: "long-key")
        // Three long sentences (the agent keeps at most four): about 5,300 characters, more than one message holds.
        let sentence = String(repeating: "коврики подбираем по марке и году машины, ", count: 42) + "доставка по Алматы бесплатная."
        let long = (1...3).map { "\($0)) Вариант: " + sentence }.joined(separator: " ")
        gemini.enqueue(.text("Сколько стоит доставка в Астану?", signature: nil))
        gemini.enqueue(.text(#"{"isClient": true, "confidence": 0.9, "reasoning": "спрашивает о доставке"}"#, signature: nil))
        gemini.enqueue(.text(long, signature: nil))
        try await SimulatorServer.withServer(gemini.router()) { geminiPort in
            var models = ModelSettings()
            models.provider = .gemini
            models.geminiAPIKey = "long-key"
            models.geminiBaseURL = "http://127.0.0.1:\(geminiPort)/v1beta"
            try await Self.withTelegram(models: models) { harness, bot in
                let customer: Int64 = 630_000_001
                let voice = await harness.simulator.customerSendsVoice(botID: bot.botID, userID: customer, audio: Data("OggS".utf8))
                let parts = try await Self.waitForReplies(harness.simulator, bot: bot.botID, chat: customer, count: 2)
                #expect(parts.count == 2)
                #expect(parts.allSatisfy { $0.text.utf16.count <= 4096 })
                #expect(parts.first?.replyToMessageID == voice, "the first part quotes the message")
                #expect(parts.map(\.text).joined(separator: " ") == long)
                let stored = try await Self.conversation(harness.system, Self.key(bot, chat: customer)).last { $0.author == .bot }
                #expect(stored?.deliveryStatus == "sent")

                // Telegram refuses a send for its content (400): dead-lettered at once with the reason.
                harness.simulator.failSends(botID: bot.botID, count: 1, status: 400)
                let contact = try #require(try await Self.contact(harness.system, Self.key(bot, chat: customer)))
                _ = try await harness.system.console.send(tenantID: bot.tenantID, .id(contact.id), text: "Уточните адрес, пожалуйста", by: "Айгерим")
                #expect(try await AdminEndpointsTests.eventually(.seconds(10)) { try await harness.system.bus.deadLetters(.outgoing) == 1 })
                let failed = try await Self.conversation(harness.system, Self.key(bot, chat: customer)).last
                #expect(failed?.deliveryStatus == "failed")
                let log = try await harness.system.database.read { sql in
                    try await MessageLogRepository(sql).recent(tenantID: bot.tenantID, direction: .outgoing, chatID: nil, beforeID: nil, limit: 5)
                }
                #expect(log.contains { $0.error?.contains("Bad Request: chat not found") == true })
                #expect(try await Self.contact(harness.system, Self.key(bot, chat: customer))?.unreachableAt == nil, "a 400 is no block")
            }
        }
    }

    @Test func anotherReaderOfTheBotIsReportedAndTheBotOfTheEnvironmentConnectsOnStart() async throws {
        try await Self.withTelegram { harness, bot in
            // Another program long-polls the same bot: Telegram ends one of the two with 409; Sauda reports it.
            let token = try await harness.system.database.read { sql in
                try await SecretRepository(sql).reveal(tenantID: bot.tenantID, name: bot.connection.secretName("token"), sealer: harness.system.secrets)
            }
            let intruder = TelegramClient(baseURL: "http://127.0.0.1:\(harness.simulatorPort)", token: token ?? "")
            let stop = Task {
                while !Task.isCancelled { _ = try? await intruder.getUpdates(offset: 0, timeout: .seconds(2)) }
            }
            defer { stop.cancel() }
            #expect(try await AdminEndpointsTests.eventually(.seconds(20)) {
                harness.system.channelSupervisor.statuses().contains { $0.id == bot.connection.id && ($0.lastError ?? "").contains("another program") }
            })
            stop.cancel()
        }
        // TELEGRAM_BOT_TOKEN and TELEGRAM_BASE_URL connect the default business's first bot on start (checked by getMe).
        let simulator = TelegramSimulator()
        let token = simulator.addBot(id: 7_000_000_777, username: "env_bot")
        try await SimulatorServer.withServer(simulator.router()) { port in
            try await withTemporaryDirectory { directory in
                let settings = try SaudaSettings.load(from: [
                    "DATABASE_URL": "sqlite://" + directory.appendingPathComponent("env.sqlite").path, "TELEGRAM_BOT_TOKEN": token,
                    "TELEGRAM_BASE_URL": "http://127.0.0.1:\(port)",
                ])
                let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
                _ = try system.masterKeys.load(creatingFile: true)
                try await system.prepare()
                let connections = try await system.database.read { sql in try await ChannelConnectionRepository(sql).list(tenantID: Tenant.defaultID) }
                let bot = try #require(connections.first { $0.provider == .telegram })
                let settings2 = try TelegramConnectionSettings.decode(bot.settings)
                #expect(settings2.botID == 7_000_000_777 && settings2.username == "env_bot" && settings2.inbound == .polling)
                try await system.prepare()
                #expect(try await system.database.read { sql in try await ChannelConnectionRepository(sql).list(tenantID: Tenant.defaultID) }
                    .filter { $0.provider == .telegram }.count == 1, "a second start makes no second connection")
            }
        }
        #expect(throws: SaudaSettings.Invalid.self) { try SaudaSettings.load(from: ["TELEGRAM_BOT_TOKEN": "not-a-token"]) }
    }
}

extension TelegramEndToEndTests {
    @Test func aRevokedTokenTurnsTheBotFailingAndANewOneMendsIt() async throws {
        try await Self.withTelegram { harness, bot in
            let customer: Int64 = 650_000_001
            await harness.simulator.customerWrites(botID: bot.botID, userID: customer, text: Self.question)
            #expect(try await Self.waitForReplies(harness.simulator, bot: bot.botID, chat: customer, count: 1).count == 1)
            let row = { try await harness.system.database.read { sql in
                try await ChannelConnectionRepository(sql).find(tenantID: bot.tenantID, id: bot.connection.id)
            } }
            // @BotFather revokes the token: the poller's next call is refused and the connection reports failing.
            harness.simulator.revokeToken(botID: bot.botID)
            #expect(try await AdminEndpointsTests.eventually(.seconds(40)) { try await row()?.state == .failing })
            #expect(try await row()?.lastError?.contains("refused the bot's token") == true)
            #expect(harness.system.channelSupervisor.statuses().first { $0.id == bot.connection.id }?.state == "failing")
            // A new token of the same bot, saved: the connection restarts and reports active once a call works.
            let token = try #require(harness.simulator.issueNewToken(botID: bot.botID))
            let sealer = harness.system.secrets
            try await harness.system.database.transaction { sql in
                _ = try await SecretRepository(sql).put(tenantID: bot.tenantID, name: bot.connection.secretName("token"), value: token,
                                                        sealer: sealer, now: Date())
                guard let connection = try await ChannelConnectionRepository(sql).find(tenantID: bot.tenantID, id: bot.connection.id) else { return }
                _ = try await ChannelConnectionRepository(sql).update(connection, now: Date())
            }
            try await harness.system.channelSupervisor.reconcile()
            // (A long poll that finds nothing returns after 25 s: a customer's message makes the first call work sooner.)
            await harness.simulator.customerWrites(botID: bot.botID, userID: customer, text: "А доставка в Астану?")
            #expect(try await Self.waitForReplies(harness.simulator, bot: bot.botID, chat: customer, count: 2, within: .seconds(40)).count == 2)
            #expect(try await AdminEndpointsTests.eventually(.seconds(20)) { try await row()?.state == .active })
        }
    }
}
