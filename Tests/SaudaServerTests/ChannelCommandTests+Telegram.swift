import Foundation
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// `sauda channel add --telegram`: the bot's token read from a file and checked with Telegram's `getMe` (the
/// simulator), the bot described; a bot connected twice and a WhatsApp option refused, named.
extension ChannelCommandTests {
    @Test func addATelegramBotByItsTokenFile() async throws {
        let simulator = TelegramSimulator()
        let token = simulator.addBot(id: 7_300_000_001, username: "cli_bot")
        try await SimulatorServer.withServer(simulator.router()) { port in
            try await withTemporaryDirectory { directory in
                let database = directory.appendingPathComponent("telegram.sqlite").path
                let tokenFile = directory.appendingPathComponent("bot-token")
                try Data(token.utf8).write(to: tokenFile)
                let run = { (arguments: [String]) in
                    try await ChildProcess.run(CrashRecoveryTests.binary, arguments, environment: [
                        "DATABASE_URL": "sqlite:\(database)", "LOG_LEVEL": "error", "PATH": "/usr/bin:/bin",
                        // The simulator listens on loopback, inside the installation's network: the installation allows it.
                        "OUTBOUND_ALLOWED_HOSTS": "127.0.0.1:\(port)",
                    ])
                }
                let base = ["channel", "add", "--telegram", "--token-file", tokenFile.path, "--base-url", "http://127.0.0.1:\(port)"]
                let added = try await run(base + ["--name", "Бот"])
                #expect(added.status == 0, "\(added.output)")
                #expect(added.output.contains("telegram  «Бот»  active"), "\(added.output)")
                #expect(added.output.contains("bot @cli_bot (7300000001)") && added.output.contains("polling"), "\(added.output)")
                #expect(!added.output.contains(token), "the token is never printed")
                let twice = try await run(base + ["--name", "Бот 2"])
                #expect(twice.status != 0 && twice.output.contains("@cli_bot is connected already"), "\(twice.output)")
                let foreign = try await run(base + ["--name", "Бот 3", "--profile-id", "p-1"])
                #expect(foreign.status != 0 && foreign.output.contains("--profile-id is a WhatsApp connection's option"), "\(foreign.output)")
                let both = try await run(base + ["--name", "Бот 4", "--widget"])
                #expect(both.status != 0 && both.output.contains("--widget and --telegram exclude each other"), "\(both.output)")
            }
        }
    }
}
