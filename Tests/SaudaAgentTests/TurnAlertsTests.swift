import Foundation
import SaudaAgent
import SaudaBus
import SaudaCore
import SaudaKnowledge
import SaudaModels
import SaudaStore
import SaudaTestSupport
import Testing

/// Operator alerts through whole turns: stored in the turn's transaction, once for a redelivered turn, with the
/// owner's WhatsApp message queued beside them.
@Suite struct TurnAlertsTests {
    /// Works round the clock, so that the promise does not depend on when the test runs.
    static let calendar = WorkingCalendar(timeZone: TimeZone(identifier: "Asia/Almaty") ?? .gmt, startHour: 0, endHour: 24,
                                          workingWeekdays: [1, 2, 3, 4, 5, 6, 7])

    static func harness(_ database: any Database, owner: String? = nil) async throws -> (TurnProcessorTests.Harness, TurnProcessor) {
        let harness = try await TurnProcessorTests.Harness(database)
        var settings = AgentSettings(calendar: calendar)
        settings.ownerAlertChat = owner
        let prompts = try PromptLibrary()
        let model = OfflineEngine()
        let processor = TurnProcessor(
            database: database, bus: harness.bus,
            moderator: Moderator(model: model, prompts: prompts, settings: settings, logger: testLogger),
            salesAgent: SalesAgent(model: model, prompts: prompts, knowledge: KnowledgeCache(database: database), settings: settings),
            settings: settings, outboxSignal: nil, logger: testLogger)
        return (harness, processor)
    }

    static func turn(_ harness: TurnProcessorTests.Harness, _ processor: TurnProcessor) async throws -> TurnProcessor.Outcome {
        try await processor.process(try await harness.bus.receive(from: .incoming, limit: 50, consumer: "test"))
    }

    static func alerts(_ database: any Database) async throws -> [StoredAlert] {
        try await database.read { sql in try await AlertRepository(sql).list(tenantID: Tenant.defaultID, openOnly: false, limit: 50, offset: 0) }
    }

    static func outbox(_ database: any Database) async throws -> [OutgoingMessagePayload] {
        let entries = try await database.read { sql in try await OutboxRepository(sql).pending(limit: 50) }
        return try entries.map { try PayloadCoding.decode(OutgoingMessagePayload.self, from: $0.payload) }
    }

    @Test(arguments: DatabaseKind.available)
    func aRedeliveredTurnAlertsOnceAndTheCustomerIsToldWhenAManagerAnswers(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let (harness, processor) = try await Self.harness(database)
            try await harness.publish("Позовите оператора, пожалуйста", id: "h1", channel: .webchat, chat: "s1", info: nil)
            guard case .replied = try await Self.turn(harness, processor) else {
                Issue.record("a web chat visitor is answered")
                return
            }
            let reply = try #require(try await Self.outbox(database).first)
            #expect(reply.messageText.contains("Менеджер ответит Вам в течение 15 минут."))
            #expect(try await Self.alerts(database).map(\.reason) == [.askedForHuman])

            // The same message again, as a queue redelivers after a crash between the commit and the ack.
            try await harness.publish("Позовите оператора, пожалуйста", id: "h1", channel: .webchat, chat: "s1", info: nil)
            #expect(try await Self.turn(harness, processor) == .duplicate)
            // Asking again while the first alert is open adds none either.
            try await harness.publish("Ну где оператор?! Позовите", id: "h2", channel: .webchat, chat: "s1", info: nil)
            _ = try await Self.turn(harness, processor)
            let alerts = try await Self.alerts(database)
            #expect(alerts.count == 1)
            #expect(alerts.first?.summary == "Позовите оператора, пожалуйста")
            #expect(alerts.first?.key == ConversationKey(tenantID: Tenant.defaultID, channel: .webchat, chatID: "s1"))
            // The web chat has no owner inbox: only the two replies are queued.
            #expect(try await Self.outbox(database).count == 2)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func theOwnerGetsAWhatsAppMessageOfEachStoredAlert(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let (harness, processor) = try await Self.harness(database, owner: "77770001122")
            // An unknown WhatsApp contact is not answered before the moderator decides, but the alert goes out.
            try await harness.publish("Позовите менеджера", id: "w1")
            #expect(try await Self.turn(harness, processor) == .silent(.unknown))
            #expect(try await Self.alerts(database).map(\.reason) == [.askedForHuman])
            let queued = try await Self.outbox(database)
            #expect(queued.count == 1)
            let message = try #require(queued.first)
            #expect(message.phoneNumber == "77770001122")
            #expect(message.chatID == "77770001122@c.us")
            #expect(message.channel == .whatsapp)
            #expect(message.outgoingID?.hasPrefix(OwnerAlertMessage.idPrefix) == true)
            #expect(message.messageText == "⚠️ Нужен человек: клиент просит человека — Иван, +79115576362: Позовите менеджера")

            // The redelivery and a second request while the alert is open send nothing more to the owner.
            try await harness.publish("Позовите менеджера", id: "w1")
            #expect(try await Self.turn(harness, processor) == .duplicate)
            try await harness.publish("Менеджера позовите", id: "w2")
            _ = try await Self.turn(harness, processor)
            #expect(try await Self.outbox(database).filter { $0.phoneNumber == "77770001122" }.count == 1)
        }
    }
}
