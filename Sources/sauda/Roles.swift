import ArgumentParser
import Metrics
import Prometheus
import SaudaCore
import SaudaServer

/// `sauda gateway`: channels, webhooks, the web chat, the sender and the transcriber.
struct Gateway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the gateway: channels, webhooks, the web chat, the sender and the transcriber.",
        discussion: """
            With agents in other processes: set RABBITMQ_URL (amqp://user:pass@host:port/vhost) and DATABASE_URL=postgres://… \
            in every process. Other settings as for serve (see README).
            """)

    @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() async throws { try await RoleCommand.run(.gateway, hostname: hostname, port: port) }
}

/// `sauda agent`: answers customers; run as many as needed, each with its own AGENT_ID.
struct Agent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an agent: it answers customer messages and sends follow-ups; its health is on /health.",
        discussion: """
            Set RABBITMQ_URL and DATABASE_URL=postgres://… as for the gateway, and AGENT_ID (default: the host name) to a \
            name of its own for each agent process, kept across restarts: its queue is incoming_messages.<AGENT_ID>.
            """)

    @Option(help: "Address of the health endpoint.") var hostname = "127.0.0.1"
    @Option(help: "Port of the health endpoint.") var port = 8081

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() async throws { try await RoleCommand.run(.agent, hostname: hostname, port: port) }
}

enum RoleCommand {
    static func run(_ role: SaudaRole, hostname: String, port: Int) async throws {
        let settings = try CommandEnvironment.settings()
        if settings.rabbitMQURL == nil || !settings.database.isShared {
            throw ValidationError("""
                sauda \(role.rawValue) runs beside other Sauda processes: set RABBITMQ_URL (amqp://…) and DATABASE_URL \
                (postgres://…) for all of them, or run everything in one process with «sauda serve»
                """)
        }
        let logger = CommandEnvironment.bootstrapLogging(settings)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        try await ProcessRunner.run(role: role, settings: settings, hostname: hostname, port: port, logger: logger, registry: registry)
    }
}
