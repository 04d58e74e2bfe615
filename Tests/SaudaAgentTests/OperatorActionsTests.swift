import Foundation
import SaudaAgent
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// The operator's actions on their own: the admin API, the console and the command line all call these.
@Suite struct OperatorActionsTests {
    static let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "77015550088@c.us")

    static func withActions(_ body: @Sendable (OperatorActions, any Database, WakeSignal) async throws -> Void) async throws {
        try await withTestDatabase(.sqlite) { database in
            let signal = WakeSignal()
            try await body(OperatorActions(database: database, outboxSignal: signal, logger: testLogger), database, signal)
        }
    }

    /// A client whose follow-up chain runs.
    static func client(_ database: any Database) async throws -> Contact {
        try await database.transaction { sql in
            let contact = try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: "+77015550088", profile: ContactProfile(name: "Ерлан"),
                                                                        initialStatus: .client, now: Date())
            try await FollowUpRepository(sql).restart(tenantID: Tenant.defaultID, contactID: contact.id, reason: .noReply,
                                                      firstTouchAt: Date().addingTimeInterval(3600), now: Date())
            return contact
        }
    }

    static func refusal(_ kind: OperatorActionError.Kind) -> @Sendable (any Error) -> Bool {
        { ($0 as? OperatorActionError)?.kind == kind }
    }

    @Test func aTakeoverSilencesTheBotAndEndsTheFollowUpsAndOneInThePastIsRefused() async throws {
        try await Self.withActions { actions, database, _ in
            let contact = try await Self.client(database)
            await #expect(performing: { try await actions.takeOver(contact, until: Date().addingTimeInterval(-60), by: "Айгуль") },
                          throws: Self.refusal(.invalid))
            #expect(try await database.read { sql in try await FollowUpRepository(sql).active(contactID: contact.id) } != nil,
                    "a refused takeover stopped the chain")
            let until = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down) + 7200)
            let taken = try await actions.takeOver(contact, until: until, by: "Айгуль")
            #expect(taken.botPausedUntil == until)
            let (stored, chains, pausedBy) = try await database.read { sql in
                (try await ContactRepository(sql).find(id: contact.id), try await FollowUpRepository(sql).all(contactID: contact.id),
                 try await ContactRepository(sql).pausedBy(contactID: contact.id))
            }
            #expect(stored?.botPausedUntil == until && pausedBy == "Айгуль")
            #expect(chains.map(\.endReason) == [FollowUpPolicy.takeover])
            let back = try await actions.handBack(contact, by: "Айгуль")
            #expect(back.botPausedUntil == nil)
            #expect(try await database.read { sql in try await ContactRepository(sql).find(id: contact.id)?.botPausedUntil } == nil)
        }
    }

    @Test func writingAsTheBusinessQueuesTheMessageAndWakesTheRelay() async throws {
        try await Self.withActions { actions, database, signal in
            let contact = try await Self.client(database)
            await #expect(performing: { try await actions.write(to: contact, text: "  \n ", by: "Айгуль") }, throws: Self.refusal(.invalid))
            await #expect(performing: {
                try await actions.write(to: contact, text: String(repeating: "я", count: OperatorActions.maximumTextLength + 1), by: "Айгуль")
            }, throws: Self.refusal(.invalid))
            #expect(try await database.read { sql in try await OutboxRepository(sql).pendingCount() } == 0)
            let started = ContinuousClock.now
            let message = try await actions.write(to: contact, text: "  Здравствуйте, это Айгуль  ", by: "Айгуль")
            await signal.wait(timeout: .seconds(60))
            #expect(ContinuousClock.now - started < .seconds(30), "the relay was not woken")
            #expect(message.text == "Здравствуйте, это Айгуль" && message.author == .human && message.deliveryStatus == "queued")
            let queued = try await database.read { sql in try await OutboxRepository(sql).pending(limit: 10) }
            let payload = try PayloadCoding.decode(OutgoingMessagePayload.self, from: try #require(queued.first).payload)
            #expect(queued.count == 1 && payload.isFromOperator && payload.messageText == "Здравствуйте, это Айгуль")
        }
    }

    @Test func theWhitelistTakesNumbersInAnyUsualFormAndRefusesWhatIsNone() async throws {
        try await Self.withActions { actions, database, _ in
            let added = try await actions.addToWhitelist(tenantID: Tenant.defaultID, phone: "8 (701) 555-00-88", note: "  ")
            #expect(added.phone == "77015550088" && added.note == nil)
            await #expect(performing: { try await actions.addToWhitelist(tenantID: Tenant.defaultID, phone: "позвоните", note: nil) },
                          throws: Self.refusal(.invalid))
            await #expect(performing: {
                try await actions.addToWhitelist(tenantID: Tenant.defaultID, phone: "+77015550089", note: String(repeating: "я", count: 201))
            }, throws: Self.refusal(.invalid))
            await #expect(performing: { try await actions.addToWhitelist(tenantID: "nobody", phone: "+77015550089", note: nil) },
                          throws: Self.refusal(.notFound))
            #expect(try await database.read { sql in try await TenantRepository(sql).whitelist(tenantID: Tenant.defaultID) }
                        .contains { $0.phone == "77015550088" })
            #expect(try await actions.removeFromWhitelist(tenantID: Tenant.defaultID, phone: "+7 701 555 00 88") == ("77015550088", true))
            #expect(try await actions.removeFromWhitelist(tenantID: Tenant.defaultID, phone: "+7 701 555 00 88").removed == false)
        }
    }

    @Test func aKnowledgeDocumentIsStoredOnceWithItsLineEndsAndBadNamesOrTextsAreRefused() async throws {
        try await Self.withActions { actions, database, _ in
            let first = try await actions.saveKnowledgeDocument(tenantID: Tenant.defaultID, name: " Доставка ", content: "По Алматы — 1 день.\r\n")
            let again = try await actions.saveKnowledgeDocument(tenantID: Tenant.defaultID, name: "Доставка", content: "По Алматы — 1 день.\n")
            #expect(first == (false, true) && again == (true, false))
            #expect(try await database.read { sql in try await TenantRepository(sql).knowledgeDocument(tenantID: Tenant.defaultID, name: "Доставка") }
                        == "По Алматы — 1 день.\n")
            for (name, content) in [(".hidden", "текст"), ("", "текст"), (String(repeating: "а", count: 121), "текст"), ("Пусто", " \n\t"),
                                    ("Бинарный", "a\0b")] {
                await #expect(performing: { try await actions.saveKnowledgeDocument(tenantID: Tenant.defaultID, name: name, content: content) },
                              throws: Self.refusal(.invalid))
            }
            #expect(try await actions.removeKnowledgeDocument(tenantID: Tenant.defaultID, name: "Доставка"))
            #expect(try await !actions.removeKnowledgeDocument(tenantID: Tenant.defaultID, name: "Доставка"))
        }
    }
}
