import Foundation
import Logging
import SaudaChannels
import SaudaCore
import SaudaServer
import ServiceLifecycle

/// `sauda bench distributed`: Sauda split into roles as the earlier Python system was (docs/compatibility.md) — a
/// gateway and several agents, RabbitMQ between them, PostgreSQL holding the state — measured in one process (each role
/// a system of its own with its own database pool and broker connection) with the offline engine. Customer messages go
/// in through the gateway's web chat; a reply counts when the gateway's sender delivered it, after gateway → RabbitMQ →
/// agent → RabbitMQ → gateway.
///
/// Each run uses queues, exchanges and agent queues of its own (names with a run id), so runs do not mix.
public struct DistributedBenchmark: Sendable {
    /// Benchmark parameters.
    public struct Options: Sendable {
        /// PostgreSQL URL of a database the run may write to.
        public var databaseURL: String
        /// The broker.
        public var rabbitMQURL: String
        /// Agent systems.
        public var agents: Int
        /// Messages of the throughput phase.
        public var messages: Int
        /// Conversations the messages are spread over.
        public var conversations: Int
        /// Offered rate of the latency phase, messages per second.
        public var rate: Int
        /// Duration of the latency phase in seconds.
        public var latencySeconds: Int

        /// Creates options.
        public init(databaseURL: String, rabbitMQURL: String, agents: Int, messages: Int, conversations: Int, rate: Int, latencySeconds: Int) {
            self.databaseURL = databaseURL
            self.rabbitMQURL = rabbitMQURL
            self.agents = agents
            self.messages = messages
            self.conversations = conversations
            self.rate = rate
            self.latencySeconds = latencySeconds
        }
    }

    /// Figures of one run.
    public struct Result: Sendable, Codable {
        /// Agent systems.
        public var agents: Int
        /// Messages of the throughput phase.
        public var messages: Int
        /// Seconds until every message of the throughput phase was answered.
        public var seconds: Double
        /// Throughput.
        public var messagesPerSecond: Double
        /// Offered rate of the latency phase.
        public var offeredRate: Int
        /// Median reply latency at the offered rate, milliseconds.
        public var p50Milliseconds: Double
        /// 99th percentile reply latency at the offered rate, milliseconds.
        public var p99Milliseconds: Double

        enum CodingKeys: String, CodingKey {
            case agents, messages, seconds
            case messagesPerSecond = "messages_per_s", offeredRate = "offered_rate", p50Milliseconds = "p50_ms", p99Milliseconds = "p99_ms"
        }
    }

    let options: Options
    let logger: Logger

    /// Creates a benchmark.
    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Runs both phases and returns the figures.
    public func run() async throws -> Result {
        var settings = SaudaSettings()
        settings.database = .postgres(url: options.databaseURL)
        settings.rabbitMQURL = options.rabbitMQURL
        settings.queues[.incoming]?.maxLength = max(10_000, options.messages)
        var quiet = logger
        quiet.logLevel = .warning
        let systems = try DistributedSystems(settings: settings, agents: options.agents, logger: quiet)
        let (gateway, agents) = (systems.gateway, systems.agents)
        return try await Self.withDatabases([gateway] + agents) {
            try await gateway.prepare()
            return try await self.measure(gateway: gateway, agents: agents, runID: systems.runID)
        }
    }

    /// Runs `body` while the database pools of every system run.
    static func withDatabases<T: Sendable>(_ systems: [SaudaSystem], _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let first = systems.first else { return try await body() }
        let rest = Array(systems.dropFirst())
        return try await first.dependencies.database.withRunning { _ in try await withDatabases(rest, body) }
    }

    /// - Parameter runID: part of every session name, so a run against a database that earlier runs wrote to sends new
    ///   messages (the same session and client id would be recognised as repeated posts, and never answered again).
    private func measure(gateway: SaudaSystem, agents: [SaudaSystem], runID: String) async throws -> Result {
        let tracker = ReplyTracker()
        let options = self.options
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for system in [gateway] + agents {
                for service in system.roleServices {
                    group.addTask { try await service.run() }
                }
            }
            let observer = gateway.hub.subscribeAll()
            group.addTask { await tracker.follow(observer) }
            let post: @Sendable (Int, String) async throws -> Void = { index, phase in
                let session = "\(phase)-\(runID)-\(index % options.conversations)"
                let id = "m\(index)"
                tracker.accepted(session: session, id: WebChatGateway.messageID(session: session, clientID: id), at: .now)
                _ = try await gateway.gateway.accept(tenantID: Tenant.defaultID, session: session,
                                                     text: PipelineBenchmark.questions[index % PipelineBenchmark.questions.count], clientID: id)
            }
            let started = ContinuousClock.now
            try await BenchmarkLoad.burst(count: options.messages, conversations: options.conversations, workers: 32) { try await post($0, "t") }
            try await tracker.waitUntilAnswered(options.messages, timeout: .seconds(900))
            let seconds = Double((ContinuousClock.now - started).totalNanoseconds) / 1e9
            tracker.reset()
            let latencyCount = options.rate * options.latencySeconds
            try await BenchmarkLoad.paced(count: latencyCount, conversations: options.conversations, rate: options.rate) { try await post($0, "l") }
            try await tracker.waitUntilAnswered(latencyCount, timeout: .seconds(120))
            group.cancelAll()
            gateway.hub.finishAll()
            return Result(agents: options.agents, messages: options.messages, seconds: seconds,
                          messagesPerSecond: Double(options.messages) / seconds, offeredRate: options.rate,
                          p50Milliseconds: tracker.latencyPercentile(0.5), p99Milliseconds: tracker.latencyPercentile(0.99))
        }
    }
}
