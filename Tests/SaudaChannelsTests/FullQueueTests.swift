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
    @Test func theWebChatIsRefusedBeforeItWritesAndARaceForTheLastPlacesStaysExact() async throws {
        try await withTestDatabase(.sqlite) { database in
            let sqlite = try #require(database as? SQLiteDatabase)
            let gateway = WebChatGateway(database: database, bus: TestQueues.bus(database, incoming: 4), hub: WebChatHub(),
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
            #expect(try await TestQueues.count("message_logs", in: database) == 4)
            #expect(try await TestQueues.count("queue_messages", in: database) == 4)
            // Once the queue is known to be full, a message is refused before anything is written.
            for index in 0..<5 {
                await #expect {
                    try await gateway.accept(tenantID: Tenant.defaultID, session: "late\(index)", text: "Цена?", clientID: nil)
                } throws: { ($0 as? GatewayError)?.kind == .queueFull }
            }
            #expect(sqlite.groupsRolledBack == 0, "a refused message rolled a group back")
            #expect(try await TestQueues.count("message_logs", in: database) == 4)
            // A repeated post of an accepted message is still answered as a duplicate.
            let repeated = try await gateway.accept(tenantID: Tenant.defaultID, session: "s0", text: "Привет", clientID: "a0")
            #expect(repeated.duplicate)
        }
    }
}
