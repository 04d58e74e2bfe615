import Foundation
import SaudaAgent
import SaudaBus
import SaudaCore
import SaudaKnowledge
import SaudaModels
import SaudaStore
import SaudaTestSupport
import Testing

@Suite struct TurnProcessorTests {
    struct Harness {
        let database: any Database
        let bus: SQLMessageBus
        let processor: TurnProcessor

        init(_ database: any Database, foldsEarlierAccepted: Bool = false) async throws {
            self.database = database
            try await Self.loadSampleKnowledge(into: database)
            let calendar = WorkingCalendar(timeZone: TimeZone(identifier: "Asia/Almaty")!, startHour: 10, endHour: 18)
            var settings = AgentSettings(calendar: calendar)
            settings.foldsEarlierAccepted = foldsEarlierAccepted
            let prompts = try PromptLibrary()
            bus = SQLMessageBus(database: database, limits: [:], retryPolicy: RetryPolicy(), logger: testLogger)
            let model = OfflineEngine()
            processor = TurnProcessor(
                database: database, bus: bus,
                moderator: Moderator(model: model, prompts: prompts, settings: settings, logger: testLogger),
                salesAgent: SalesAgent(model: model, prompts: prompts, knowledge: KnowledgeCache(database: database), settings: settings),
                settings: settings, outboxSignal: nil, logger: testLogger)
        }

        static func loadSampleKnowledge(into database: any Database) async throws {
            for document in KnowledgeBase.sampleDocuments() {
                let (name, content) = (document.name, document.content)
                let _: Bool = try await database.transaction { sql in
                    try await TenantRepository(sql).upsertKnowledgeDocument(tenantID: Tenant.defaultID, name: name, content: content,
                                                                            contentHash: "sample", now: Date())
                }
            }
        }

        func publish(_ text: String, id: String, channel: Channel = .whatsapp, chat: String = "79115576362@c.us",
                     info: ContactInfo? = ContactInfo(firstName: "Иван", businessName: "ООО Стройком")) async throws {
            let payload = IncomingMessagePayload(messageID: id, chatID: chat, phoneNumber: "79115576362", senderName: "Иван",
                                                 messageText: text, timestamp: Date(), contactInfo: info, tenant: Tenant.defaultID,
                                                 channel: channel)
            let item = QueueItem(partitionKey: payload.conversation.description, tenantID: Tenant.defaultID,
                                 payload: try PayloadCoding.encode(payload))
            try await database.transaction { sql in try await bus.publish([item], to: .incoming, in: sql, now: Date()) }
        }

        func runTurn() async throws -> TurnProcessor.Outcome {
            let deliveries = try await bus.receive(from: .incoming, limit: 50, consumer: "test")
            return try await processor.process(deliveries)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func whatsappContactIsAnsweredOnlyOnceClassifiedAsClient(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let harness = try await Harness(database)
            try await harness.publish("Здравствуйте", id: "m1")
            #expect(try await harness.runTurn() == .silent(.unknown))
            try await harness.publish("Подскажите цену на EVA коврики", id: "m2")
            #expect(try await harness.runTurn() == .silent(.unknown))
            try await harness.publish("Нужен счет на оплату для ТОО", id: "m3")
            guard case .replied = try await harness.runTurn() else {
                Issue.record("the third business message should classify the contact as a client and get a reply")
                return
            }
            let contact = try await database.read { sql in
                try await ContactRepository(sql).find(key: ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp,
                                                                          chatID: "79115576362@c.us"))
            }
            #expect(contact?.status == .client)
            #expect(contact?.reasoning?.isEmpty == false)
            #expect(try await database.read { sql in try await OutboxRepository(sql).pendingCount() } == 1)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func personalContactGetsNoReply(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let harness = try await Harness(database)
            for (index, text) in ["Привет как дела 😂😂", "Что делаешь вечером?", "Скучаю ❤️🔥"].enumerated() {
                try await harness.publish(text, id: "p\(index)", chat: "77001112233@c.us", info: ContactInfo(firstName: "Маша"))
                _ = try await harness.runTurn()
            }
            let contact = try await database.read { sql in
                try await ContactRepository(sql).find(key: ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp,
                                                                          chatID: "77001112233@c.us"))
            }
            #expect(contact?.status == .notClient)
            #expect(try await database.read { sql in try await OutboxRepository(sql).pendingCount() } == 0)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func messagesArrivingTogetherAreFoldedIntoOneReply(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let harness = try await Harness(database)
            try await harness.publish("Здравствуйте", id: "w1", channel: .webchat, chat: "s1", info: nil)
            try await harness.publish("Сколько стоят EVA коврики?", id: "w2", channel: .webchat, chat: "s1", info: nil)
            guard case .replied = try await harness.runTurn() else {
                Issue.record("web-chat contacts start as clients and get a reply")
                return
            }
            let messages = try await database.read { sql -> [StoredMessage] in
                let contact = try await ContactRepository(sql).find(key: ConversationKey(tenantID: Tenant.defaultID, channel: .webchat,
                                                                                        chatID: "s1"))
                return try await MessageRepository(sql).conversation(contactID: contact?.id ?? 0)
            }
            let bots = messages.filter { $0.author == .bot }
            #expect(bots.count == 1)
            #expect(bots.first?.replyToMessageID == "w2")
            #expect(bots.first?.text.contains("18 000") == true)
            #expect(messages.filter { $0.author == .customer }.allSatisfy { $0.answeredBy == bots.first?.id })
        }
    }

    /// On RabbitMQ a conversation's earlier message can sit in another agent's queue (the hash exchange moved the
    /// conversation): the turn of a later message takes the earlier ones from the message log first, in order.
    @Test(arguments: DatabaseKind.available)
    func aLaterMessageTakesTheEarlierAcceptedOnesAlongInOrder(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let harness = try await Harness(database, foldsEarlierAccepted: true)
            let key = ConversationKey(tenantID: Tenant.defaultID, channel: .webchat, chatID: "s9")
            try await database.transaction { sql in
                let logs = MessageLogRepository(sql)
                _ = try await logs.recordIncoming(key: key, messageID: "e1", phoneNumber: nil, text: "Здравствуйте", isVoice: false, now: Date())
                _ = try await logs.recordIncoming(key: key, messageID: "e2", phoneNumber: nil, text: "Сколько стоят EVA коврики?", isVoice: false,
                                                  now: Date())
            }
            // Only the later message reaches this agent; the earlier one is still in another queue.
            try await harness.publish("Сколько стоят EVA коврики?", id: "e2", channel: .webchat, chat: "s9", info: nil)
            guard case .replied = try await harness.runTurn() else {
                Issue.record("the turn should answer")
                return
            }
            let messages = try await database.read { sql -> [StoredMessage] in
                let contact = try await ContactRepository(sql).find(key: key)
                return try await MessageRepository(sql).conversation(contactID: contact?.id ?? 0)
            }
            #expect(messages.map(\.messageID).prefix(2) == ["e1", "e2"], "the earlier message first")
            #expect(messages.filter { $0.author == .customer }.allSatisfy { $0.answeredBy != nil })
            // When the earlier message arrives at last, it was answered already.
            try await harness.publish("Здравствуйте", id: "e1", channel: .webchat, chat: "s9", info: nil)
            #expect(try await harness.runTurn() == .duplicate)
            #expect(try await database.read { sql in try await MessageLogRepository(sql).pendingIncoming(key: key) }.isEmpty)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func redeliveredMessageIsNotAnsweredTwice(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let harness = try await Harness(database)
            try await harness.publish("Какая гарантия?", id: "r1", channel: .webchat, chat: "s2", info: nil)
            _ = try await harness.runTurn()
            // The same message again, as a queue redelivers after a crash between reply and ack.
            try await harness.publish("Какая гарантия?", id: "r1", channel: .webchat, chat: "s2", info: nil)
            #expect(try await harness.runTurn() == .duplicate)
            #expect(try await database.read { sql in try await OutboxRepository(sql).pendingCount() } == 1)
            #expect(try await harness.bus.depth(.incoming) == 0)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func twoWorkersRacingOnOneMessageProduceOneReply(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let harness = try await Harness(database)
            try await harness.publish("Сколько стоит доставка?", id: "race", channel: .webchat, chat: "s3", info: nil)
            let deliveries = try await harness.bus.receive(from: .incoming, limit: 1, consumer: "w")
            async let first = Result(catching: { try await harness.processor.process(deliveries) })
            async let second = Result(catching: { try await harness.processor.process(deliveries) })
            let outcomes = await [first, second]
            let replies = outcomes.filter { if case .success(.replied) = $0 { return true } else { return false } }
            #expect(replies.count == 1)
            #expect(try await database.read { sql in try await OutboxRepository(sql).pendingCount() } == 1)
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
