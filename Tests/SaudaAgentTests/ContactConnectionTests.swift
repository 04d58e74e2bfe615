import Foundation
import SaudaAgent
import SaudaBus
import SaudaCore
import SaudaModels
import SaudaStore
import SaudaTestSupport
import Testing

/// What Sauda sends to a contact without a customer message naming the number (a follow-up touch, an operator's
/// message, a reply to messages without a connection) leaves from the number the customer last wrote to; when that
/// number was removed or is paused, from the business's first active one (the payload names none).
@Suite struct ContactConnectionTests {
    /// The default business's two WhatsApp numbers, the first made first.
    static let first = "wa-first"
    static let second = "wa-second"

    /// Adds the default business's two numbers.
    static func addTwoNumbers(_ database: any Database) async throws {
        let made = Date(timeIntervalSince1970: 1_790_000_000)
        try await database.transaction { sql in
            for (index, id) in [first, second].enumerated() {
                let at = made.addingTimeInterval(Double(index) * 60)
                try await ChannelConnectionRepository(sql).add(ChannelConnection(
                    id: id, tenantID: Tenant.defaultID, provider: .wappi, name: "WhatsApp \(index + 1)", publicID: "public-\(id)",
                    createdAt: at, updatedAt: at))
            }
        }
    }

    static func remember(_ database: any Database, contact: Contact, _ connectionID: String) async throws {
        try await database.transaction { sql in
            try await ContactRepository(sql).rememberConnection(contactID: contact.id, connectionID: connectionID)
        }
    }

    /// The queued outgoing messages, oldest first.
    static func outbox(_ database: any Database) async throws -> [OutgoingMessagePayload] {
        try await database.read { sql in try await OutboxRepository(sql).pending(limit: 50) }
            .filter { $0.queue == QueueName.outgoing.rawValue }
            .map { try PayloadCoding.decode(OutgoingMessagePayload.self, from: $0.payload) }
    }

    static func removeOrPause(_ database: any Database, _ id: String, pause: Bool) async throws {
        try await database.transaction { sql in
            let connections = ChannelConnectionRepository(sql)
            if pause {
                guard var connection = try await connections.find(tenantID: Tenant.defaultID, id: id) else { return }
                connection.state = .paused
                _ = try await connections.update(connection, now: Date())
            } else {
                try await connections.remove(tenantID: Tenant.defaultID, id: id)
            }
        }
    }

    @Test(arguments: DatabaseKind.available)
    func aFollowUpTouchLeavesFromTheNumberTheCustomerWroteTo(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            try await Self.addTwoNumbers(database)
            let due = try FollowUpSchedulerTests.wednesday(hour: 11)
            let contact = try await FollowUpSchedulerTests.seedChain(database, start: due.addingTimeInterval(-86_400), due: due)
            try await Self.remember(database, contact: contact, Self.second)
            let round = try await FollowUpSchedulerTests.scheduler(database).runOnce(now: due)
            #expect(round.sent == 1)
            let touch = try #require(try await Self.outbox(database).last)
            #expect(touch.connection == Self.second)
            #expect(touch.chatID == FollowUpSchedulerTests.key.chatID)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func aFollowUpTouchOfARemovedNumberLeavesFromTheBusinesssFirstActiveOne(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            try await Self.addTwoNumbers(database)
            let due = try FollowUpSchedulerTests.wednesday(hour: 11)
            let contact = try await FollowUpSchedulerTests.seedChain(database, start: due.addingTimeInterval(-86_400), due: due)
            try await Self.remember(database, contact: contact, Self.second)
            try await Self.removeOrPause(database, Self.second, pause: false)
            #expect(try await FollowUpSchedulerTests.scheduler(database).runOnce(now: due).sent == 1)
            let touch = try #require(try await Self.outbox(database).last)
            #expect(touch.connection == nil, "no connection named: the sender takes the business's first active number")
            // The contact keeps what it remembered: the id is only not used while it names no connection.
            let stored = try await database.read { sql in try await ContactRepository(sql).find(id: contact.id) }
            #expect(stored?.connectionID == Self.second)
        }
    }

    @Test(arguments: DatabaseKind.available)
    func anOperatorsMessageLeavesFromTheRememberedNumberAndFromTheFirstWhenThatIsPausedOrRemoved(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            try await Self.addTwoNumbers(database)
            let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "77015550088@c.us")
            let contact = try await database.transaction { sql in
                try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: "+77015550088", profile: ContactProfile(name: "Айдана"),
                                                              initialStatus: .client, now: Date())
            }
            let actions = OperatorActions(database: database, outboxSignal: nil, logger: testLogger)
            // Before the customer wrote to any number: none is named.
            try await actions.write(to: contact, text: "Здравствуйте!", by: "Айгуль")
            try await Self.remember(database, contact: contact, Self.second)
            // The contact value the operator holds is older than the remembered number: the row is read again.
            try await actions.write(to: contact, text: "Ваш заказ готов", by: "Айгуль")
            try await Self.removeOrPause(database, Self.second, pause: true)
            try await actions.write(to: contact, text: "Мы на связи", by: "Айгуль")
            try await Self.removeOrPause(database, Self.second, pause: false)
            try await actions.write(to: contact, text: "До свидания", by: "Айгуль")
            let sent = try await Self.outbox(database)
            #expect(sent.map(\.messageText) == ["Здравствуйте!", "Ваш заказ готов", "Мы на связи", "До свидания"])
            #expect(sent.map(\.connection) == [nil, Self.second, nil, nil])
        }
    }

    /// Publishes a customer message of the contact's chat, naming `connection` when given.
    static func publish(_ harness: TurnProcessorTests.Harness, _ text: String, id: String, chat: String, connection: String?) async throws {
        var payload = IncomingMessagePayload(messageID: id, chatID: chat, phoneNumber: "+77015550099", senderName: "Ерлан", messageText: text,
                                             timestamp: Date(), tenant: Tenant.defaultID, channel: .whatsapp)
        payload.connection = connection
        let item = QueueItem(partitionKey: payload.conversation.description, tenantID: Tenant.defaultID, payload: try PayloadCoding.encode(payload))
        try await harness.database.transaction { sql in try await harness.bus.publish([item], to: .incoming, in: sql, now: Date()) }
    }

    @Test(arguments: DatabaseKind.available)
    func aTurnRemembersTheNumberAndAReplyToAMessageNamingNoneLeavesFromIt(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            try await Self.addTwoNumbers(database)
            let harness = try await TurnProcessorTests.Harness(database)
            let chat = "77015550099@c.us"
            let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: chat)
            _ = try await database.transaction { sql in
                try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: "+77015550099", profile: ContactProfile(name: "Ерлан"),
                                                              initialStatus: .client, now: Date())
            }
            try await Self.publish(harness, "Сколько стоят EVA коврики?", id: "n1", chat: chat, connection: Self.second)
            guard case .replied = try await harness.runTurn() else { Issue.record("a client is answered"); return }
            // A message that names no number (an older gateway's, a transcript of one) keeps the remembered one.
            try await Self.publish(harness, "А доставка есть?", id: "n2", chat: chat, connection: nil)
            guard case .replied = try await harness.runTurn() else { Issue.record("a client is answered"); return }
            let contact = try await database.read { sql in try await ContactRepository(sql).find(key: key) }
            #expect(contact?.connectionID == Self.second)
            #expect(try await Self.outbox(database).map(\.connection) == [Self.second, Self.second])
        }
    }

    @Test func anOwnersAlertNamesNoNumberSoItLeavesFromTheBusinesssFirstActiveOne() throws {
        let key = ConversationKey(tenantID: "almaty", channel: .whatsapp, chatID: "77015550011@c.us")
        let contact = Contact(id: 3, key: key, phoneNumber: "+77015550011", profile: ContactProfile(name: "Азамат"), status: .client,
                              confidence: 1, reasoning: nil, spinStage: .situation, botPausedUntil: nil, lastMessageAt: nil,
                              connectionID: Self.second)
        let message = try #require(try OwnerAlertMessage(alert: OperatorAlert(reason: .askedForHuman, summary: "Позовите менеджера"), key: key,
                                                         contact: contact, ownerPhone: "77770001122"))
        let payload = try PayloadCoding.decode(OutgoingMessagePayload.self, from: message.payload)
        #expect(payload.connection == nil)
        #expect(payload.tenant == "almaty")
    }
}
