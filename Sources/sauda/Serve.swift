import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import SaudaServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the gateway and the agent in one process, with the web chat at /.",
        discussion: "Settings come from environment variables and an optional .env file (see README): DATABASE_URL, TIMEZONE, WORKING_HOURS_START/END, MAX_CONTEXT_MESSAGES, FOLLOW_UP_INTERVALS, LOG_LEVEL, LOG_FORMAT, …")

    @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() async throws {
        let settings = try CommandEnvironment.settings()
        let logger = CommandEnvironment.bootstrapLogging(settings)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let system = try SaudaSystem(settings: settings, logger: logger)
        let hostname = self.hostname
        try await system.withDatabase {
            try await system.prepare()
            let app = system.makeApplication(hostname: hostname, port: port, registry: registry) { port in
                logger.notice("Sauda is running: open http://\(hostname):\(port)/ to chat, /health for status")
            }
            try await app.runService()
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and create the default tenant, then exit.")

    func run() async throws {
        let settings = try CommandEnvironment.settings()
        let logger = CommandEnvironment.bootstrapLogging(settings)
        let system = try SaudaSystem(settings: settings, logger: logger)
        try await system.withDatabase { try await system.prepare() }
        logger.notice("database is up to date")
    }
}
