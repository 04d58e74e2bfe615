import Foundation
import SaudaBus
import SaudaChannels
import SaudaCore
import SaudaModels
import SaudaStore
import SaudaTestSupport
import Testing

/// A full queue refuses new customer messages before the gateways write anything, so that the refusal costs the
/// SQLite writer no rolled-back group (whose other bodies would run again).
@Suite struct FullQueueTests {
    static func bus(_ database: any Database, incoming: Int, voice: Int = 10) -> SQLMessageBus {
        var limits: [QueueName: QueueLimits] = [:]
        for (queue, maxLength) in [(QueueName.incoming, incoming), (.voice, voice)] {
            limits[queue] = QueueLimits.seedDefault(for: queue)
            limits[queue]?.maxLength = maxLength
        }
        return SQLMessageBus(database: database, limits: limits, retryPolicy: RetryPolicy(), logger: testLogger)
    }

    static func count(_ table: String, in database: any Database) async throws -> Int64? {
        try await database.read { sql in try await sql.query("SELECT COUNT(*) AS n FROM \(table)").first?.optionalInt("n") }
    }

    @Test func theWebChatIsRefusedBeforeItWritesAndARaceForTheLastPlacesStaysExact() async throws {
        try await withTestDatabase(.sqlite) { database in
            let sqlite = try #require(database as? SQLiteDatabase)
            let gateway = WebChatGateway(database: database, bus: Self.bus(database, incoming: 4), hub: WebChatHub(),
                                         maxTextLength: 100, logger: testLogger)
            for index in 0..<2 { _ = try await gateway.accept(tenantID: Tenant.defaultID, session: "s\(index)", text: "Привет", clientID: "a\(index)") }
            // Six customers race for the last two places: two are taken, four refused, none logged half-way. SQLite's writer
            // runs one body at a time, so the check before writing decides each of them.
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        (try? await gateway.accept(tenantID: Tenant.defaultID, session: "race\(index)", text: "Цена?", clientID: nil)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 2)
            #expect(try await Self.count("message_logs", in: database) == 4)
            #expect(try await Self.count("queue_messages", in: database) == 4)
            // Once the queue is known to be full, a message is refused before anything is written.
            for index in 0..<5 {
                await #expect {
                    try await gateway.accept(tenantID: Tenant.defaultID, session: "late\(index)", text: "Цена?", clientID: nil)
                } throws: { ($0 as? GatewayError)?.kind == .queueFull }
            }
            #expect(sqlite.groupsRolledBack == 0, "a refused message rolled a group back")
            #expect(try await Self.count("message_logs", in: database) == 4)
            // A repeated post of an accepted message is still answered as a duplicate.
            let repeated = try await gateway.accept(tenantID: Tenant.defaultID, session: "s0", text: "Привет", clientID: "a0")
            #expect(repeated.duplicate)
        }
    }

    @Test func aWappiDeliveryIsRefusedBeforeItWritesOnlyWhenItsMessagesHaveNoPlace() async throws {
        try await withTestDatabase(.sqlite) { database in
            let sqlite = try #require(database as? SQLiteDatabase)
            let gateway = WhatsAppGateway(database: database, bus: Self.bus(database, incoming: 1, voice: 3), humanPause: .seconds(60),
                                          logger: testLogger)
            func event(_ id: String, from phone: String = "77010000001", type: String = "chat", webhook: String = "incoming_message",
                       extra: JSONValue = [:]) throws -> WappiMessage {
                var fields: [String: JSONValue] = ["id": .string(id), "wh_type": .string(webhook), "type": .string(type), "body": "Сколько стоит?",
                                                   "from": .string("\(phone)@c.us"), "chatId": .string("\(phone)@c.us"), "time": 1_790_000_000]
                if case .object(let more) = extra { fields.merge(more) { $1 } }
                return try #require(WappiMessage(.object(fields)))
            }
            func accept(_ events: [WappiMessage]) async throws -> WhatsAppGateway.Outcome {
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
            #expect(try await Self.count("message_logs", in: database) == 3)
            #expect(try await Self.count("queue_messages", in: database) == 3)
            // Wappi repeating a delivery whose messages were recorded gets its answer, full queues or not.
            #expect(try await accept([try event("M-1"), try event("V-1", from: "77010000002", type: "ptt")]).duplicates == 2)
            // A delivery report needs no queue.
            _ = try await accept([try event("S-1", webhook: "delivery_status", extra: ["status": "delivered", "stanza_id": "bot-unknown"])])
            #expect(try await Self.count("early_delivery_statuses", in: database) == 1)
            #expect(sqlite.groupsRolledBack == rolledBack)
        }
    }
}
