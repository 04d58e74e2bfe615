import Foundation
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// Follow-up chains on every engine: restart, stop, due, and the compare-and-set that keeps a touch from going
/// out twice when two processes take it.
@Suite struct FollowUpRepositoryTests {
    let now = Date()

    @Test(arguments: DatabaseKind.available)
    func aTouchAdvancesTheChainOnceAndTheLastCompletesIt(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let key = ConversationKey(tenantID: Tenant.defaultID, channel: .whatsapp, chatID: "77010000042@c.us")
            let contact = try await database.transaction { sql in
                try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: "77010000042", profile: ContactProfile(name: "Асель"),
                                                              initialStatus: .client, now: now)
            }
            let due = now.addingTimeInterval(86_400)
            try await database.transaction { sql in
                try await FollowUpRepository(sql).restart(tenantID: Tenant.defaultID, contactID: contact.id, reason: .noReply,
                                                          firstTouchAt: due, now: now)
                // The client wrote again and the bot answered: the first chain ends, a new one starts.
                try await FollowUpRepository(sql).restart(tenantID: Tenant.defaultID, contactID: contact.id, reason: .unsureAnswer,
                                                          firstTouchAt: due, now: now)
            }
            let chains = try await database.read { sql in try await FollowUpRepository(sql).all(contactID: contact.id) }
            #expect(chains.count == 2)
            #expect(chains[1].isCompleted && chains[1].stopReason == "client_responded")
            let chain = try #require(chains.first)
            #expect(!chain.isCompleted && chain.touchNumber == 1 && chain.stopReason == "unsure_answer")

            #expect(try await database.read { sql in try await FollowUpRepository(sql).due(now: now, limit: 10) }.isEmpty)
            #expect(try await database.read { sql in try await FollowUpRepository(sql).due(now: due, limit: 10) }.map(\.id) == [chain.id])

            // Two processes send touch 1 at once: one advances the chain, the other finds it moved on.
            async let first = database.transaction { sql in
                try await FollowUpRepository(sql).advance(id: chain.id, from: 1, nextTouchAt: due.addingTimeInterval(72 * 3600), now: due)
            }
            async let second = database.transaction { sql in
                try await FollowUpRepository(sql).advance(id: chain.id, from: 1, nextTouchAt: due.addingTimeInterval(72 * 3600), now: due)
            }
            let results = try await [first, second]
            #expect(results.filter { $0 }.count == 1)
            var active = try #require(try await database.read { sql in try await FollowUpRepository(sql).active(contactID: contact.id) })
            #expect(active.touchNumber == 2 && active.stopReason == "unsure_answer")

            // Touches 2–4, then the fifth completes the chain.
            for touch in 2...4 {
                let advanced = try await database.transaction { sql in
                    try await FollowUpRepository(sql).advance(id: chain.id, from: touch, nextTouchAt: due.addingTimeInterval(Double(touch) * 86_400), now: due)
                }
                #expect(advanced)
            }
            active = try #require(try await database.read { sql in try await FollowUpRepository(sql).active(contactID: contact.id) })
            #expect(active.touchNumber == 5)
            let last = try await database.transaction { sql in
                try await FollowUpRepository(sql).advance(id: chain.id, from: 5, nextTouchAt: nil, now: due)
            }
            #expect(last)
            let ended = try await database.read { sql in try await FollowUpRepository(sql).all(contactID: contact.id) }.first
            #expect(ended?.isCompleted == true && ended?.stopReason == "completed_5_touches" && ended?.nextTouchAt == nil)
            #expect(try await database.read { sql in try await FollowUpRepository(sql).active(contactID: contact.id) } == nil)
            let stopped = try await database.transaction { sql in
                try await FollowUpRepository(sql).stop(contactID: contact.id, reason: .clientSaidNo, now: due)
            }
            #expect(!stopped, "nothing runs any more")
        }
    }
}
