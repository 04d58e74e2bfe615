import Foundation
import SaudaBus
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// A full queue refuses a Wappi delivery before the gateway writes anything, and only when its messages would take
/// a place (the web chat's side: `FullQueueTests`).
@Suite struct WappiFullQueueTests {
    @Test func aWappiDeliveryIsRefusedBeforeItWritesOnlyWhenItsMessagesHaveNoPlace() async throws {
        try await withTestDatabase(.sqlite) { database in
            let sqlite = try #require(database as? SQLiteDatabase)
            let gateway = WappiInbound(database: database, bus: TestQueues.bus(database, incoming: 1, voice: 3), humanPause: .seconds(60),
                                       logger: testLogger)
            func event(_ id: String, from phone: String = "77010000001", type: String = "chat", webhook: String = "incoming_message",
                       extra: JSONValue = [:]) throws -> WappiMessage {
                var fields: [String: JSONValue] = ["id": .string(id), "wh_type": .string(webhook), "type": .string(type), "body": "Сколько стоит?",
                                                   "from": .string("\(phone)@c.us"), "chatId": .string("\(phone)@c.us"), "time": 1_790_000_000]
                if case .object(let more) = extra { fields.merge(more) { $1 } }
                return try #require(WappiMessage(.object(fields)))
            }
            func accept(_ events: [WappiMessage]) async throws -> InboundOutcome {
                try await gateway.accept(tenantID: Tenant.defaultID, events: events)
            }
            try await database.transaction { sql in
                try await TenantRepository(sql).addToWhitelist(tenantID: Tenant.defaultID, phoneNumber: "77752837306", note: "owner", now: Date())
            }
            #expect(try await accept([try event("M-1")]).accepted == 1)
            let rolledBack = sqlite.groupsRolledBack
            // The incoming queue is full. A whitelisted number takes no place; a text behind a voice note goes to the voice queue.
            #expect(try await accept([try event("W-1", from: "77752837306")]).ignored == ["whitelist": 1])
            #expect(try await accept([try event("V-1", from: "77010000002", type: "ptt")]).voice == 1)
            #expect(try await accept([try event("T-1", from: "77010000002")]).behindVoiceNote == 1)
            // One place is left on the voice queue: two voice notes, a text for the full incoming queue are refused.
            for events in [[try event("V-2", from: "77010000003", type: "ptt"), try event("V-3", from: "77010000003", type: "ptt")],
                           [try event("M-2")]] {
                await #expect {
                    try await accept(events)
                } throws: { ($0 as? GatewayError)?.kind == .queueFull }
            }
            #expect(sqlite.groupsRolledBack == rolledBack, "a delivery rolled a group back")
            #expect(try await TestQueues.count("message_logs", in: database) == 3)
            #expect(try await TestQueues.count("queue_messages", in: database) == 3)
            // Wappi repeating a delivery whose messages were recorded gets its answer, full queues or not.
            #expect(try await accept([try event("M-1"), try event("V-1", from: "77010000002", type: "ptt")]).duplicates == 2)
            // A delivery report needs no queue.
            _ = try await accept([try event("S-1", webhook: "delivery_status", extra: ["status": "delivered", "stanza_id": "bot-unknown"])])
            #expect(try await TestQueues.count("early_delivery_statuses", in: database) == 1)
            #expect(sqlite.groupsRolledBack == rolledBack)
        }
    }
}
