import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaServer
import SaudaSimulators

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the gateway and the agent in one process, with the web chat at /.",
        discussion: "Settings come from environment variables and an optional .env file (see README): DATABASE_URL, TIMEZONE, WORKING_HOURS_START/END, MAX_CONTEXT_MESSAGES, FOLLOW_UP_INTERVALS, LOG_LEVEL, LOG_FORMAT, …")

    @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Start a Wappi simulator on loopback and connect the default tenant's WhatsApp to it, to try the WhatsApp path.")
    var simulateWhatsapp = false
    @Option(help: "Port of the Wappi simulator of --simulate-whatsapp.") var simulatorPort = 8091
    @Flag(help: "Start a Telegram Bot API simulator on loopback and connect a bot of the default business to it (it polls), to try the Telegram path.")
    var simulateTelegram = false
    @Option(help: "Port of the Telegram simulator of --simulate-telegram.") var telegramSimulatorPort = 8092

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() async throws {
        let settings = try CommandEnvironment.settings()
        let logger = CommandEnvironment.bootstrapLogging(settings)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        if simulateTelegram {
            try await serveWithTelegramSimulator(settings: settings, logger: logger, registry: registry)
            return
        }
        guard simulateWhatsapp else {
            try await serve(settings: settings, logger: logger, registry: registry)
            return
        }
        let simulator = WappiSimulator()
        try await SimulatorServer.withServer(simulator.router(), port: simulatorPort) { simulatorPort in
            let secret = UUID().uuidString.lowercased()
            var demo = settings
            demo.whatsapp = WhatsAppSettings(token: simulator.token, profileID: simulator.profileID,
                                             baseURL: "http://127.0.0.1:\(simulatorPort)", webhookSecret: secret)
            demo.whatsapp?.inbound = .webhook
            try await serve(settings: demo, logger: logger, registry: registry) { system, port in
                guard let wappi = system.wappiClients[Tenant.defaultID] else { return }
                do {
                    try await wappi.setWebhook(url: "http://127.0.0.1:\(port)/webhooks/wappi/default/\(secret)")
                    try await wappi.setWebhookTypes(WappiClient.webhookTypes)
                } catch {
                    logger.error("the Wappi simulator's webhook could not be set", metadata: ["error": "\(error)"])
                }
                logger.notice("""
                    WhatsApp simulator on http://127.0.0.1:\(simulatorPort): write as a customer with
                      curl -X POST http://127.0.0.1:\(simulatorPort)/_simulator/customers/77011234567/messages -d '{"text":"Здравствуйте"}'
                    and read the chat with curl http://127.0.0.1:\(simulatorPort)/_simulator/chats/77011234567
                    """)
            }
        }
    }

    /// Serves with a Telegram simulator on loopback whose bot is the default business's (`TELEGRAM_BOT_TOKEN` pointed at
    /// it); the bot polls, so no public address is needed.
    private func serveWithTelegramSimulator(settings: SaudaSettings, logger: Logger, registry: PrometheusCollectorRegistry) async throws {
        let simulator = TelegramSimulator()
        let botID: Int64 = 7_000_000_001
        let token = simulator.addBot(id: botID, username: "sauda_demo_bot")
        try await SimulatorServer.withServer(simulator.router(), port: telegramSimulatorPort) { simulatorPort in
            var demo = settings
            demo.telegram = TelegramSettings(botToken: token, baseURL: "http://127.0.0.1:\(simulatorPort)")
            demo.publicURL = nil
            try await serve(settings: demo, logger: logger, registry: registry) { _, _ in
                logger.notice("""
                    Telegram simulator on http://127.0.0.1:\(simulatorPort) with the bot @sauda_demo_bot: write as a customer with
                      curl -X POST http://127.0.0.1:\(simulatorPort)/_simulator/bots/\(botID)/customers/523456789/messages -d '{"text":"Здравствуйте"}'
                    and read the chat with curl http://127.0.0.1:\(simulatorPort)/_simulator/bots/\(botID)/chats/523456789
                    """)
            }
        }
    }

    private func serve(settings: SaudaSettings, logger: Logger, registry: PrometheusCollectorRegistry,
                       whenRunning: @escaping @Sendable (SaudaSystem, Int) async -> Void = { _, _ in }) async throws {
        try await ProcessRunner.run(role: .all, settings: settings, hostname: hostname, port: port, logger: logger, registry: registry,
                                    whenRunning: whenRunning)
    }
}

/// Starts a process of one role: builds it (``buildApplication(settings:role:logger:hostname:port:registry:onServerRunning:)``
/// migrates before anything else starts), tells where the first admin token was written (a process with the gateway), and runs
/// the HTTP server with the role's background services until SIGTERM or SIGINT.
enum ProcessRunner {
    static func run(role: SaudaRole, settings: SaudaSettings, hostname: String, port: Int, logger: Logger,
                    registry: PrometheusCollectorRegistry,
                    whenRunning: @escaping @Sendable (SaudaSystem, Int) async -> Void = { _, _ in }) async throws {
        let app = try buildApplication(settings: settings, role: role, logger: logger, hostname: hostname, port: port,
                                       registry: registry) { start in
            let port = start.port
            switch role {
            case .all: logger.notice("Sauda is running: open http://\(hostname):\(port)/ to chat, /health for status")
            case .gateway: logger.notice("Sauda gateway is running on http://\(hostname):\(port)/ (/health for status)")
            case .agent: logger.notice("Sauda agent \(settings.agentID) is running; its status is on http://\(hostname):\(port)/health")
            }
            if let file = start.firstAdminTokenFile {
                // Only the file's path: the token itself never reaches the output, which journald or Docker keep.
                // Written straight to the file descriptor: not lost in a buffer if the process is killed.
                FileHandle.standardOutput.write(Data("""

                    The admin token of the default tenant was written to \(file.path)
                    (readable by this user only; made on this first start only; make more with «sauda token create»).
                    Read it with «cat \(file.path)», sign in to the operator console with it at http://\(hostname):\(port)/console
                    or send it as «Authorization: Bearer <token>», then keep it somewhere safe and delete the file.

                    """.utf8))
            }
            if let file = start.firstOwnerFile {
                // The owner's password too goes only to the file.
                FileHandle.standardOutput.write(Data("""

                    The installation's owner account was made; its email and one-time password were written to \(file.path)
                    (readable by this user only; made on this first start only). The owner signs in at
                    http://\(hostname):\(port)/console and manages every business under «Installation»; delete the file
                    once the password is kept somewhere safe. «sauda owner create» makes another owner.

                    """.utf8))
            }
            if let keyFile = start.masterKeyFile {
                FileHandle.standardOutput.write(Data("""

                    The master key that seals this installation's secrets (channel tokens, model keys, CRM credentials)
                    was made at \(keyFile) (readable by this user only). Back it up with the database: without it
                    the stored secrets cannot be opened. «sauda secrets rotate» replaces it.

                    """.utf8))
            }
            await whenRunning(start.system, port)
        }
        try await app.runService()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and create the default tenant, then exit.")

    func run() async throws {
        let settings = try CommandEnvironment.settings()
        let logger = CommandEnvironment.bootstrapLogging(settings)
        try await withDatabase(settings.database, logger: logger) { database in
            try await DatabasePreparation.prepare(database, settings: settings, logger: logger)
        }
        logger.notice("database is up to date")
    }
}
