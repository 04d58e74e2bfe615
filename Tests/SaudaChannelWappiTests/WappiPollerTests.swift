import Foundation
import SaudaBus
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// The poller on its own, against the Wappi simulator over real HTTP, writing to a SQLite database and table queues.
@Suite struct WappiPollerTests {
    /// When the profile is first polled, whole seconds.
    static let connected = Date(timeIntervalSince1970: 1_790_000_000)
    static let phone = "77016660022"
    static let chat = "\(phone)@c.us"

    static func poller(_ client: WappiClient, _ database: any Database, incoming: Int = 100) -> WappiPoller {
        let gateway = WappiInbound(database: database, bus: TestQueues.bus(database, incoming: incoming), humanPause: .seconds(3600),
                                   logger: testLogger)
        return WappiPoller(tenantID: Tenant.defaultID, client: client, gateway: gateway, database: database, interval: .seconds(5),
                           logger: testLogger)
    }

    static func cursor(_ database: any Database, chat: String = chat) async throws -> ChannelCursorRepository.Cursor? {
        try await database.read { sql in try await ChannelCursorRepository(sql).cursors(tenantID: Tenant.defaultID, channel: .whatsapp)[chat] }
    }

    static func incoming(_ database: any Database) async throws -> Int64? {
        try await TestQueues.count("queue_messages", in: database)
    }

    @Test func theFirstPollMarksTheHistoryAsReadPastAndAnswersNothing() async throws {
        try await WappiClientTests.withWappi { simulator, client, _ in
            try await withTestDatabase(.sqlite) { database in
                let old = await simulator.customerWrites(phone: Self.phone, text: "Вы ещё работаете?", at: Self.connected.addingTimeInterval(-3600))
                let poller = Self.poller(client, database)
                let first = try await poller.pollOnce(now: Self.connected)
                #expect(first.firstPoll && first.accepted == 0)
                #expect(try await Self.incoming(database) == 0, "history was queued for the agent")
                #expect(try await TestQueues.count("message_logs", in: database) == 0)
                let cursor = try await Self.cursor(database)
                #expect(cursor?.time == Self.connected.addingTimeInterval(-3600 + 1) && cursor?.messageID == old,
                        "the chat's cursor is one second past its last message")
                #expect(try await Self.cursor(database, chat: "*")?.time == Self.connected)
                // The next poll finds nothing new either.
                let second = try await poller.pollOnce(now: Self.connected.addingTimeInterval(5))
                #expect(!second.firstPoll && second.accepted == 0)
                #expect(try await Self.incoming(database) == 0)
            }
        }
    }

    @Test func aMessageWrittenAfterTheFirstPollIsHandedToTheGatewayOnce() async throws {
        try await WappiClientTests.withWappi { simulator, client, _ in
            try await withTestDatabase(.sqlite) { database in
                await simulator.customerWrites(phone: Self.phone, text: "Здравствуйте", at: Self.connected.addingTimeInterval(-60))
                let poller = Self.poller(client, database)
                try await poller.pollOnce(now: Self.connected)
                let new = await simulator.customerWrites(phone: Self.phone, text: "Сколько стоят EVA коврики?",
                                                         at: Self.connected.addingTimeInterval(10))
                let poll = try await poller.pollOnce(now: Self.connected.addingTimeInterval(15))
                #expect(poll.chats == 1 && poll.accepted == 1)
                let queued = try await database.read { sql in
                    try await sql.query("SELECT payload FROM queue_messages").map { try $0.string("payload") }
                }
                let payload = try PayloadCoding.decode(IncomingMessagePayload.self, from: try #require(queued.first))
                #expect(queued.count == 1)
                #expect(payload.messageText == "Сколько стоят EVA коврики?" && payload.messageID == new)
                #expect(try await Self.cursor(database)?.messageID == new)
                // Polled again (the chat's last message is the same): not handed over twice.
                let again = try await poller.pollOnce(now: Self.connected.addingTimeInterval(20))
                #expect(again.accepted == 0)
                #expect(try await Self.incoming(database) == 1)
            }
        }
    }

    @Test func theCursorMovesOnlyAfterTheMessagesAreCommitted() async throws {
        try await WappiClientTests.withWappi { simulator, client, _ in
            try await withTestDatabase(.sqlite) { database in
                await simulator.customerWrites(phone: Self.phone, text: "Здравствуйте", at: Self.connected.addingTimeInterval(-60))
                // A poller whose incoming queue has no room: the gateway refuses what it reads.
                let full = Self.poller(client, database, incoming: 0)
                try await full.pollOnce(now: Self.connected)
                let before = try await Self.cursor(database)
                let new = await simulator.customerWrites(phone: Self.phone, text: "Есть доставка в Караганду?",
                                                         at: Self.connected.addingTimeInterval(10))
                await #expect(throws: (any Error).self) { try await full.pollOnce(now: Self.connected.addingTimeInterval(15)) }
                #expect(try await Self.cursor(database) == before, "the cursor moved past a message that was not committed")
                #expect(try await Self.incoming(database) == 0)
                // Once the queue has room the message is read again from the cursor and handed over.
                let poll = try await Self.poller(client, database).pollOnce(now: Self.connected.addingTimeInterval(20))
                #expect(poll.accepted == 1)
                #expect(try await Self.incoming(database) == 1)
                #expect(try await Self.cursor(database)?.messageID == new)
            }
        }
    }
}
