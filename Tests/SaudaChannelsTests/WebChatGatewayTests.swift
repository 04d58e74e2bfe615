import Foundation
import SaudaBus
import SaudaChannels
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

@Suite struct WebChatGatewayTests {
    func gateway(_ database: any Database, maxLength: Int = 10_000) -> WebChatGateway {
        var limits = QueueLimits.seedDefault(for: .incoming)
        limits.maxLength = maxLength
        let bus = SQLMessageBus(database: database, limits: [.incoming: limits], retryPolicy: RetryPolicy(), logger: testLogger)
        return WebChatGateway(database: database, bus: bus, hub: WebChatHub(), maxTextLength: 100, logger: testLogger)
    }

    @Test func acceptsOnceAndRecognisesARepeatedPost() async throws {
        try await withTestDatabase(.sqlite) { database in
            let gateway = gateway(database)
            let first = try await gateway.accept(tenantID: Tenant.defaultID, session: "s1", text: "Привет", clientID: "a1")
            let second = try await gateway.accept(tenantID: Tenant.defaultID, session: "s1", text: "Привет", clientID: "a1")
            #expect(!first.duplicate && second.duplicate && first.id == second.id)
            let pending = try await gateway.conversation(tenantID: Tenant.defaultID, session: "s1")
            #expect(pending?.map(\.status) == ["pending"])
        }
    }

    @Test func refusesBadInputWithoutStoringIt() async throws {
        try await withTestDatabase(.sqlite) { database in
            let gateway = gateway(database, maxLength: 1)
            for (session, text, tenant) in [("bad session!", "x", Tenant.defaultID), ("s", "   ", Tenant.defaultID),
                                            ("s", String(repeating: "я", count: 101), Tenant.defaultID), ("s", "x", "nobody")] {
                await #expect(throws: GatewayError.self) {
                    try await gateway.accept(tenantID: tenant, session: session, text: text, clientID: nil)
                }
            }
            _ = try await gateway.accept(tenantID: Tenant.defaultID, session: "s", text: "one", clientID: nil)
            await #expect {
                try await gateway.accept(tenantID: Tenant.defaultID, session: "s", text: "two", clientID: nil)
            } throws: { ($0 as? GatewayError)?.kind == .queueFull }
            let logged = try await database.read { sql in try await sql.query("SELECT COUNT(*) AS n FROM message_logs") }
            #expect(logged.first?.optionalInt("n") == 1, "a refused message leaves no log row behind")
        }
    }

    @Test func textThatShowsNothingIsRefusedAsEmpty() async throws {
        try await withTestDatabase(.sqlite) { database in
            let gateway = gateway(database)
            for text in ["\u{200B}\u{200D}\u{2060}\u{FEFF}", "\u{0000}", "\u{0000}\u{0000} \u{200B}", "\u{202E}\u{3164}"] {
                await #expect {
                    try await gateway.accept(tenantID: Tenant.defaultID, session: "s", text: text, clientID: nil)
                } throws: { ($0 as? GatewayError)?.kind == .invalid && "\($0)".contains("empty") }
            }
            let kept = try await gateway.accept(tenantID: Tenant.defaultID, session: "s", text: "\u{200B}Привет\u{0000}", clientID: nil)
            #expect(!kept.duplicate, "a visible text keeps its invisible characters")
            #expect(try await TestQueues.count("message_logs", in: database) == 1)
        }
    }
}
