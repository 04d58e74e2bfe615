import Foundation
import Logging
import SaudaChannels
import SaudaCore

/// `sauda bench burst`: customers of one business all writing at the same moment to a Sauda shape's web chat (``WebChatShape``:
/// `serve` on SQLite or on PostgreSQL, or a gateway and agents over RabbitMQ), with a model that takes a set time to
/// answer (the Gemini simulator's delay), as a business meets a real model.
///
/// Each customer posts its messages back to back; the figures are, per customer, the time from its first post to its
/// first reply and to the reply that answers its last message (p50 / p99 / max over the customers).
public struct BurstBenchmark: Sendable {
    /// Benchmark parameters.
    public struct Options: Sendable {
        /// Customers writing at once.
        public var customers: Int
        /// Messages each customer posts, back to back.
        public var messages: Int
        /// Which model answers.
        public var model: PipelineBenchmark.BenchModel
        /// How long the Gemini simulator takes to answer.
        public var modelDelay: Duration
        /// `AGENT_CONCURRENCY`: conversations handled at once.
        public var agentConcurrency: Int
        /// `MODEL_TENANT_CONCURRENCY`: one business's model calls in flight.
        public var modelConcurrency: Int
        /// The Sauda the customers write to.
        public var shape: WebChatShape

        /// Creates options.
        public init(customers: Int, messages: Int, model: PipelineBenchmark.BenchModel, modelDelay: Duration, agentConcurrency: Int,
                    modelConcurrency: Int, shape: WebChatShape = .embedded) {
            self.customers = max(1, min(customers, 1_000))
            self.messages = max(1, min(messages, 8))
            self.model = model
            self.modelDelay = modelDelay
            self.agentConcurrency = agentConcurrency
            self.modelConcurrency = modelConcurrency
            self.shape = shape
        }
    }

    /// Figures of one run, milliseconds.
    public struct Result: Sendable, Codable, Equatable {
        /// The shape: `embedded`, `postgres` or `distributed`.
        public var shape: String
        /// Processes that answer: one `serve`, or the distributed shape's agents.
        public var agents: Int
        /// The model.
        public var model: String
        /// Customers writing at once.
        public var customers: Int
        /// Messages each customer posted.
        public var messages: Int
        /// `AGENT_CONCURRENCY` of the run.
        public var agentConcurrency: Int
        /// `MODEL_TENANT_CONCURRENCY` of the run.
        public var modelConcurrency: Int
        /// The simulator's delay.
        public var modelDelayMilliseconds: Int
        /// Median time from a customer's first post to its first reply.
        public var firstP50: Double
        /// 99th percentile of the same.
        public var firstP99: Double
        /// The longest of the same.
        public var firstMax: Double
        /// Median time from a customer's first post to the reply to its last message.
        public var finalP50: Double
        /// 99th percentile of the same.
        public var finalP99: Double
        /// The longest of the same.
        public var finalMax: Double

        enum CodingKeys: String, CodingKey {
            case shape, agents, model, customers, messages
            case agentConcurrency = "agent_concurrency", modelConcurrency = "model_concurrency", modelDelayMilliseconds = "model_delay_ms"
            case firstP50 = "first_p50_ms", firstP99 = "first_p99_ms", firstMax = "first_max_ms"
            case finalP50 = "final_p50_ms", finalP99 = "final_p99_ms", finalMax = "final_max_ms"
        }
    }

    /// The business the customers write to.
    let tenant = "burst"

    let options: Options
    let logger: Logger

    /// Creates a benchmark.
    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Runs the burst and returns the figures.
    public func run() async throws -> Result {
        try await options.model.withSettings(answerDelay: options.modelDelay) { models in
            var settings = SaudaSettings()
            settings.models = models
            settings.models.tenantConcurrency = options.modelConcurrency
            settings.agentConcurrency = options.agentConcurrency
            // Every customer's messages within a business's posting limit: the limit is not what is measured.
            settings.edge.tenantRate = .init(perMinute: 1_000_000, burst: 1_000_000)
            let clock = BurstClock()
            return try await EmbeddedWebChat.run(
                shape: options.shape, settings: settings, tenants: [tenant], connections: options.customers + 4, logger: logger,
                replied: { _, session, replyTo, at in clock.replied(session: session, replyTo: replyTo, at: at) }) { poster in
                try await burst(poster: poster, clock: clock)
            }
        }
    }

    private func burst(poster: WebChatPoster, clock: BurstClock) async throws -> Result {
        let (options, tenant) = (self.options, self.tenant)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for customer in 0..<options.customers {
                group.addTask {
                    let session = "c\(customer)"
                    let address = "10.3.\(customer / 250).\(customer % 250 + 1)"
                    let last = WebChatGateway.messageID(session: session, clientID: "m\(options.messages - 1)")
                    clock.started(session: session, lastMessage: last, at: started)
                    for index in 0..<options.messages {
                        let status = try await poster.post(tenant: tenant, session: session, id: "m\(index)",
                                                           text: Self.messages[(customer + index) % Self.messages.count], address: address)
                        guard status == 202 else { throw BenchmarkError(message: "customer \(customer)'s message \(index) was refused (\(status))") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let deadline = ContinuousClock.now + .seconds(600)
        while clock.finished < options.customers {
            guard ContinuousClock.now < deadline else {
                throw BenchmarkError(message: "only \(clock.finished) of \(options.customers) customers had their last answer in 600 s")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let (first, final) = clock.times()
        return Result(shape: options.shape.name, agents: options.shape.agents, model: options.model.rawValue, customers: options.customers, messages: options.messages,
                      agentConcurrency: options.agentConcurrency, modelConcurrency: options.modelConcurrency,
                      modelDelayMilliseconds: Int(options.modelDelay.totalNanoseconds / 1_000_000),
                      firstP50: first.quantile(0.5), firstP99: first.quantile(0.99), firstMax: first.max() ?? 0,
                      finalP50: final.quantile(0.5), finalP99: final.quantile(0.99), finalMax: final.max() ?? 0)
    }

    /// What the customers ask.
    static let messages = ["Здравствуйте! Сколько стоят EVA коврики?", "Есть доставка по Казахстану?", "Какая гарантия на 5D коврики?",
                           "Можно оплатить через Kaspi?", "Сколько дней доставка в Караганду?"]
}
