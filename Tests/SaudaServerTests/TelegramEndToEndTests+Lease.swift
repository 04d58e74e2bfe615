import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaChannelTelegram
import SaudaChannels
import SaudaCore
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// Two gateway processes (two systems on one database) run the same polling bot: one holds its lease and polls, the
/// other waits; when the first stops, the second takes the bot over from the stored offset, and no update is lost or
/// recorded twice.
extension TelegramEndToEndTests {
    @Test func onePollerPerBotAcrossProcessesAndTheSecondTakesOver() async throws {
        let simulator = TelegramSimulator()
        try await SimulatorServer.withServer(simulator.router()) { simulatorPort in
            try await withTemporaryDirectory { directory in
                var settings = SaudaSettings()
                settings.database = .sqlite(path: directory.appendingPathComponent("shared.sqlite").path)
                settings.classifyMinMessages = 1
                let first = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
                _ = try first.masterKeys.load(creatingFile: true)
                try await first.prepare()
                let second = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
                let app = first.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
                try await app.test(.ahc(.http)) { client in
                    let harness = Harness(simulator: simulator, system: first, client: client, port: try #require(client.port),
                                          simulatorPort: simulatorPort)
                    // The second process (a gateway without the agent and sender) starts the bot first and takes its lease;
                    // the first, which answers and sends, starts it after and waits.
                    let bot = try await Self.addBot(to: Tenant.defaultID, id: 7_000_000_901, username: "shared_bot", inbound: .polling,
                                                    harness: harness, reconcile: false)
                    try await second.channelSupervisor.reconcile()
                    let holder = { try await first.database.read { sql in
                        try await ChannelPollLeaseRepository(sql).holder(connectionID: bot.connection.id, now: Date())
                    } }
                    #expect(try await AdminEndpointsTests.eventually(.seconds(20)) { try await holder() != nil })
                    let secondsLease = try await holder()
                    try await first.channelSupervisor.reconcile()
                    let customers: [Int64] = (0..<5).map { 640_000_000 + Int64($0) }
                    for customer in customers { await simulator.customerWrites(botID: bot.botID, userID: customer, text: Self.question) }
                    for customer in customers {
                        #expect(try await Self.waitForReplies(simulator, bot: bot.botID, chat: customer, count: 1).count == 1)
                    }
                    // The second polled all along; the first waited; neither met another reader of the bot.
                    #expect(try await holder() == secondsLease)
                    #expect(second.channelSupervisor.statuses().contains { $0.id == bot.connection.id && $0.lastPollAt != nil })
                    #expect(first.channelSupervisor.statuses().contains { $0.id == bot.connection.id && $0.lastPollAt == nil })
                    #expect([first, second].allSatisfy { system in
                        system.channelSupervisor.statuses().allSatisfy { !($0.lastError ?? "").contains("another program") }
                    })
                    // The second process stops: it gives the lease up and the first takes the bot over from the stored offset.
                    await second.telegramConnections.removeAll()
                    let late: [Int64] = (5..<8).map { 640_000_000 + Int64($0) }
                    for customer in late { await simulator.customerWrites(botID: bot.botID, userID: customer, text: Self.question) }
                    // Given up at once; at worst (the release lost) the lease runs out after 60 s and is taken 5 s later.
                    for customer in late {
                        #expect(try await Self.waitForReplies(simulator, bot: bot.botID, chat: customer, count: 1, within: .seconds(90)).count == 1)
                    }
                    #expect(first.channelSupervisor.statuses().contains { $0.id == bot.connection.id && $0.lastPollAt != nil })
                    for customer in customers + late {
                        #expect(simulator.sentMessages(botID: bot.botID, chatID: customer).count == 1, "answered once: \(customer)")
                    }
                    await second.telegramConnections.removeAll()
                }
            }
        }
    }
}
