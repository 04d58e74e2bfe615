import Foundation
import SaudaStore
import Logging
import SaudaChannels
import SaudaAgent
import SaudaCore
import SaudaServer
import SaudaKnowledge
import SaudaModels
import SaudaSimulators
import ServiceLifecycle
import Synchronization

/// `sauda bench pipeline`: the embedded path (gateway → incoming → agent → outbox → outgoing → sender)
/// in one process on a scratch SQLite file, with the offline engine or with the Gemini simulator answering
/// instantly over loopback HTTP (to measure what the agent itself costs around a remote model call).
///
/// Phase one offers every message as fast as the gateway takes them and measures throughput until every
/// message is answered; phase two offers messages at a fixed rate and measures reply latency.
public struct PipelineBenchmark: Sendable {
    /// Benchmark parameters.
    public struct Options: Sendable {
        /// Messages of the throughput phase.
        public var messages: Int
        /// Conversations the messages are spread over.
        public var conversations: Int
        /// Offered rate of the latency phase, messages per second.
        public var rate: Int
        /// Duration of the latency phase in seconds.
        public var latencySeconds: Int
        /// SQLite durability.
        public var durability: SQLiteDatabase.Durability
        /// Which model answers.
        public var model: BenchModel
        /// Customers writing at once in the throughput phase (each waits until its message is accepted). More than
        /// the agent keeps up with build a backlog in the incoming queue, as after an outage.
        public var writers: Int
        /// Maximum length of the incoming queue; `nil` leaves room for every message. With more writers than the agent
        /// keeps up with, a small one keeps the queue full: posts are refused and retried 20 ms later.
        public var queueLimit: Int?

        /// Creates options.
        public init(messages: Int, conversations: Int, rate: Int, latencySeconds: Int, durability: SQLiteDatabase.Durability,
                    model: BenchModel = .offline, writers: Int = 32, queueLimit: Int? = nil) {
            self.messages = messages
            self.conversations = conversations
            self.rate = rate
            self.latencySeconds = latencySeconds
            self.durability = durability
            self.model = model
            self.writers = max(1, writers)
            self.queueLimit = queueLimit.map { max(1, $0) }
        }
    }

    /// The model of a benchmark run.
    public enum BenchModel: String, Sendable, CaseIterable {
        /// The offline rule engine, in process.
        case offline
        /// The Gemini client against the Gemini simulator on loopback, answering at once.
        case geminiSimulator = "gemini-simulator"

        /// Runs `body` with the model settings of this model: the offline engine's, or the Gemini client's pointed at a
        /// Gemini simulator on loopback (answering after `answerDelay`) that serves while `body` runs.
        func withSettings<Value: Sendable>(answerDelay: Duration = .zero,
                                           _ body: @escaping @Sendable (inout ModelSettings) async throws -> Value) async throws -> Value {
            switch self {
            case .offline:
                var models = ModelSettings()
                return try await body(&models)
            case .geminiSimulator:
                let simulator = GeminiSimulator(apiKey: "bench", answerDelay: answerDelay)
                return try await SimulatorServer.withServer(simulator.router()) { port in
                    var models = ModelSettings()
                    models.provider = .gemini
                    models.geminiAPIKey = "bench"
                    models.geminiModel = "gemini-simulator"
                    models.geminiBaseURL = "http://127.0.0.1:\(port)/v1beta"
                    // The simulator has no rate limits: the budget keeps only the calls in flight.
                    models.requestsPerMinute = 0
                    models.tokensPerMinute = 0
                    return try await body(&models)
                }
            }
        }
    }

    /// Figures of one run.
    public struct Result: Sendable, Codable {
        /// Messages of the throughput phase.
        public var messages: Int
        /// Conversations.
        public var conversations: Int
        /// Seconds until every message of the throughput phase was answered.
        public var seconds: Double
        /// Throughput.
        public var messagesPerSecond: Double
        /// Replies sent in the throughput phase (fewer than messages when turns folded messages together).
        public var replies: Int
        /// Offered rate of the latency phase.
        public var offeredRate: Int
        /// Messages of the latency phase.
        public var latencyMessages: Int
        /// Median reply latency at the offered rate, milliseconds.
        public var p50Milliseconds: Double
        /// 99th percentile reply latency at the offered rate, milliseconds.
        public var p99Milliseconds: Double
        /// Posts refused because the queue was full (then retried).
        public var rejected: Int
        /// Groups of transactions the SQLite writer rolled back and ran again because one of them failed after writing.
        public var rolledBackGroups: Int
        /// Customers writing at once in the throughput phase.
        public var writers: Int
        /// The model.
        public var model: String
        /// Mean time of one model call in the latency phase, milliseconds (HTTP included for the simulator).
        public var modelMilliseconds: Double
        /// Mean reply latency in the latency phase minus the mean model time per reply: what the agent's own
        /// path (gateway, queues, turn, sender) costs around the model, milliseconds.
        public var overheadMilliseconds: Double
        /// Mean input tokens of a sales call in the latency phase, as the model reported them (the offline engine
        /// counts four characters a token): the prompt carries the best knowledge passages for the message.
        public var inputTokensPerTurn: Double
        /// The same with the whole knowledge base in the prompt instead of the passages (as the earlier system's prompt
        /// had it), by the four-characters rule: what choosing passages saves.
        public var wholeBaseInputTokensPerTurn: Double

        enum CodingKeys: String, CodingKey {
            case messages, conversations, seconds, replies, rejected, model, writers
            case rolledBackGroups = "rolled_back_groups"
            case modelMilliseconds = "model_ms", overheadMilliseconds = "overhead_ms"
            case inputTokensPerTurn = "input_tokens_per_turn", wholeBaseInputTokensPerTurn = "whole_base_input_tokens_per_turn"
            case messagesPerSecond = "messages_per_s", offeredRate = "offered_rate", latencyMessages = "latency_messages"
            case p50Milliseconds = "p50_ms", p99Milliseconds = "p99_ms"
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
        try await options.model.withSettings { models in
            if options.model == .geminiSimulator { models.tenantConcurrency = 64 }
            return try await self.run(models: models)
        }
    }

    private func run(models: ModelSettings) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sauda-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = SaudaSettings()
        settings.database = .sqlite(path: directory.appendingPathComponent("bench.sqlite").path)
        settings.queues[.incoming]?.maxLength = options.queueLimit ?? max(10_000, options.messages)
        settings.models = models
        var quiet = logger
        quiet.logLevel = .warning
        let system = try SaudaSystem(settings: settings, logger: quiet, sqliteDurability: options.durability)
        try await system.prepare()
        let tracker = ReplyTracker()
        let options = self.options
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for service in system.roleServices { group.addTask { try await service.run() } }
            let observer = system.hub.subscribeAll()
            group.addTask { await tracker.follow(observer) }
            let post: @Sendable (Int, String) async throws -> Void = { index, phase in
                let session = "\(phase)-\(index % options.conversations)"
                let id = "m\(index)"
                let questions = Self.questions
                // Recorded before posting: the reply can be delivered before `accept` returns.
                tracker.accepted(session: session, id: WebChatGateway.messageID(session: session, clientID: id), at: .now)
                while true {
                    do {
                        _ = try await system.gateway.accept(tenantID: Tenant.defaultID, session: session,
                                                            text: questions[index % questions.count], clientID: id)
                        return
                    } catch let error as GatewayError where error.kind == .queueFull {
                        tracker.state.withLock { $0.rejected += 1 }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
            }
            // Phase 1: throughput.
            let started = ContinuousClock.now
            try await BenchmarkLoad.burst(count: options.messages, conversations: options.conversations, workers: options.writers) { index in
                try await post(index, "t")
            }
            try await tracker.waitUntilAnswered(options.messages, timeout: .seconds(600))
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.totalNanoseconds) / 1e9
            let throughputReplies = tracker.replies

            // Phase 2: latency at a fixed offered rate.
            tracker.reset()
            await system.usageLog.flush()
            let latencyPhaseStart = Date()
            let latencyCount = options.rate * options.latencySeconds
            try await BenchmarkLoad.paced(count: latencyCount, conversations: options.conversations, rate: options.rate) { index in
                try await post(index, "l")
            }
            try await tracker.waitUntilAnswered(latencyCount, timeout: .seconds(120))
            let latencies = tracker.latencies
            await system.usageLog.flush()
            let usage = try await system.database.read { sql in try await ModelUsageRepository(sql).totals(since: latencyPhaseStart) }
            let modelCalls = usage.values.reduce(0) { $0 + $1.calls }
            let modelMilliseconds = modelCalls == 0 ? 0
                : usage.values.reduce(0.0) { $0 + $1.meanMilliseconds * Double($1.calls) } / Double(modelCalls)
            let replies = max(1, tracker.replies)
            let meanLatency = latencies.isEmpty ? 0 : latencies.reduce(0, +) / Double(latencies.count)
            let overhead = meanLatency - modelMilliseconds * Double(modelCalls) / Double(replies)
            let sales = usage[ModelPurpose.sales.rawValue]
            let inputPerTurn = sales.map { $0.calls == 0 ? 0 : Double($0.inputTokens) / Double($0.calls) } ?? 0
            let documents = try await system.database.read { sql in try await TenantRepository(sql).knowledgeDocuments(tenantID: Tenant.defaultID) }
            let wholeBase = inputPerTurn + Self.wholeBaseExtraTokens(KnowledgeBase(documents: documents),
                                                                    passages: AgentSettings(system.settings).knowledgePassages)
            group.cancelAll()
            system.hub.finishAll()
            return Result(messages: options.messages, conversations: options.conversations, seconds: seconds,
                          messagesPerSecond: Double(options.messages) / seconds, replies: throughputReplies, offeredRate: options.rate,
                          latencyMessages: latencyCount, p50Milliseconds: tracker.latencyPercentile(0.5), p99Milliseconds: tracker.latencyPercentile(0.99),
                          rejected: tracker.state.withLock { $0.rejected },
                          rolledBackGroups: (system.database as? SQLiteDatabase)?.groupsRolledBack ?? 0, writers: options.writers, model: options.model.rawValue,
                          modelMilliseconds: modelMilliseconds, overheadMilliseconds: overhead,
                          inputTokensPerTurn: inputPerTurn, wholeBaseInputTokensPerTurn: wholeBase)
        }
    }
}

extension PipelineBenchmark {
    /// What the benchmark's customers ask, in turn.
    static let questions = ["Сколько стоят EVA коврики?", "Есть доставка по Казахстану?", "Какая гарантия на 5D коврики?",
                            "Здравствуйте, интересуют коврики на Camry", "Можно оплатить через Kaspi?"]

    /// Tokens a turn's prompt would carry in addition with the whole base in place of the passages the search
    /// chose for the benchmark's questions (their mean), at four characters a token as the offline engine counts.
    /// The passages are counted twice in a turn (in the prompt's text and as knowledge snippets), the whole base once.
    static func wholeBaseExtraTokens(_ base: KnowledgeBase, passages limit: Int) -> Double {
        let whole = Double(TextAnalysis.scalarCount(base.fullText))
        let given = questions.map { question in
            base.search(question, limit: limit).reduce(0) { total, passage in
                total + TextAnalysis.scalarCount("## \(passage.title)\n\(passage.text)") + TextAnalysis.scalarCount(passage.text)
            }
        }
        let meanGiven = Double(given.reduce(0, +)) / Double(max(1, given.count))
        return max(0, whole - meanGiven) / 4
    }
}

/// The benchmark could not finish.
public struct BenchmarkError: Error, CustomStringConvertible {
    /// What happened.
    public var message: String
    /// The message.
    public var description: String { message }
}
