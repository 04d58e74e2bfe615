import Logging
import SaudaCore
import SaudaServer
import SaudaStore

/// Which of Sauda's shapes a web-chat benchmark drives, each in the benchmark's own process on a database of the run's
/// own (``ScratchDatabase``).
public enum WebChatShape: Sendable, Equatable {
    /// `sauda serve` on SQLite (a temporary file).
    case embedded
    /// `sauda serve` with `DATABASE_URL` naming PostgreSQL: a database made for the run on the server `serverURL`.
    case postgres(serverURL: String)
    /// `sauda gateway` and `agents` × `sauda agent` with RabbitMQ at `rabbitMQURL` between them and PostgreSQL (a
    /// database made for the run on the server `serverURL`), as ``DistributedSystems``.
    case distributed(serverURL: String, rabbitMQURL: String, agents: Int)

    /// The shape's name in the figures: `embedded`, `postgres` or `distributed`.
    public var name: String {
        switch self {
        case .embedded: "embedded"
        case .postgres: "postgres"
        case .distributed: "distributed"
        }
    }

    /// Processes that answer: one `serve`, or the agents.
    public var agents: Int {
        if case .distributed(_, _, let agents) = self { return agents }
        return 1
    }

    /// The PostgreSQL server the run's database is made on; `nil` for SQLite.
    var postgresServer: String? {
        switch self {
        case .embedded: nil
        case .postgres(let url), .distributed(let url, _, _): url
        }
    }

    /// The system whose HTTP server takes the web chat (and whose hub carries the replies), and the systems that run
    /// beside it (the agents of the distributed shape).
    func systems(settings base: SaudaSettings, logger: Logger) throws -> (gateway: SaudaSystem, others: [SaudaSystem]) {
        switch self {
        case .embedded, .postgres:
            return (try SaudaSystem(settings: base, logger: logger, sqliteDurability: .full), [])
        case .distributed(_, let rabbitMQURL, let agents):
            var settings = base
            settings.rabbitMQURL = rabbitMQURL
            let systems = try DistributedSystems(settings: settings, agents: agents, logger: logger)
            return (systems.gateway, systems.agents)
        }
    }
}
