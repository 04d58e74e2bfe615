import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaServer
import SaudaSimulators
import SaudaStore
import ServiceLifecycle

/// `sauda bench whatsapp`: the WhatsApp path end to end over loopback HTTP. The Wappi simulator holds the
/// customers' chats and posts each message to Sauda's webhook, as Wappi does; Sauda records it, the agent
/// (offline engine) answers, and the sender replies through the simulator's `message/reply` endpoint, which
/// posts the echo and the delivery status back to the webhook.
///
/// Phase one offers every message as fast as the webhook takes them and measures throughput until every
/// message is answered; phase two offers messages at a fixed rate and measures reply latency, from the
/// customer's message to the reply arriving at Wappi.
public struct WhatsAppBenchmark: Sendable {
    /// Benchmark parameters.
    public struct Options: Sendable {
        /// Messages of the throughput phase.
        public var messages: Int
        /// Customers (chats) the messages are spread over.
        public var customers: Int
        /// Offered rate of the latency phase, messages per second.
        public var rate: Int
        /// Duration of the latency phase in seconds.
        public var latencySeconds: Int
        /// Sends per minute allowed per WhatsApp number (20 by default; the benchmark lifts it to measure Sauda).
        public var sendsPerMinute: Int
        /// SQLite durability.
        public var durability: SQLiteDatabase.Durability

        /// Creates options.
        public init(messages: Int, customers: Int, rate: Int, latencySeconds: Int, sendsPerMinute: Int,
                    durability: SQLiteDatabase.Durability) {
            self.messages = messages
            self.customers = customers
            self.rate = rate
            self.latencySeconds = latencySeconds
            self.sendsPerMinute = sendsPerMinute
            self.durability = durability
        }
    }

    /// Figures of one run.
    public struct Result: Sendable, Codable {
        /// Messages of the throughput phase.
        public var messages: Int
        /// Customers.
        public var customers: Int
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
        /// Median latency from the customer's message to the reply reaching Wappi, milliseconds.
        public var p50Milliseconds: Double
        /// 99th percentile of that latency, milliseconds.
        public var p99Milliseconds: Double
        /// Calls Sauda made to the Wappi API per reply (reply, mark-as-read), both phases.
        public var wappiCallsPerReply: Double
        /// Webhook posts (customer messages, echoes of sends, delivery statuses) Sauda answered, both phases.
        public var webhooks: Int

        enum CodingKeys: String, CodingKey {
            case messages, customers, seconds, replies, webhooks
            case messagesPerSecond = "messages_per_s", offeredRate = "offered_rate", latencyMessages = "latency_messages"
            case p50Milliseconds = "p50_ms", p99Milliseconds = "p99_ms", wappiCallsPerReply = "wappi_calls_per_reply"
        }
    }

    let options: Options
    let logger: Logger

    /// Creates a benchmark.
    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// What customers ask: every one reads as a client's question to the offline moderator.
    static let questions = ["Сколько стоят EVA коврики на Camry? Нужен счет на оплату", "Есть доставка в Астану? Сколько стоит?",
                            "Какая гарантия на 5D коврики? Хочу заказать", "Можно оплатить через Kaspi? Какая цена?",
                            "Сколько дней доставка в Караганду? Хочу купить"]

    /// Runs both phases and returns the figures.
    public func run() async throws -> Result {
        var logger = self.logger
        logger.logLevel = .error
        let quiet = logger
        let simulator = WappiSimulator(profileID: "bench-profile", token: "bench-token", webhookClient: .shared, logger: quiet)
        return try await SimulatorServer.withServer(simulator.router()) { wappiPort in
            try await self.run(simulator: simulator, wappiPort: wappiPort, logger: quiet)
        }
    }

    private func run(simulator: WappiSimulator, wappiPort: Int, logger quiet: Logger) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sauda-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = "bench-secret-\(UUID().uuidString.prefix(8))"
        var settings = SaudaSettings()
        settings.database = .sqlite(path: directory.appendingPathComponent("bench.sqlite").path)
        settings.queues[.incoming]?.maxLength = max(10_000, options.messages)
        settings.classifyMinMessages = 1
        var whatsapp = WhatsAppSettings(token: "bench-token", profileID: "bench-profile", baseURL: "http://127.0.0.1:\(wappiPort)",
                                        webhookSecret: secret, humanPauseMinutes: 60)
        whatsapp.inbound = .webhook
        whatsapp.sendsPerMinute = options.sendsPerMinute
        settings.whatsapp = whatsapp
        let system = try SaudaSystem(settings: settings, logger: quiet, sqliteDurability: options.durability)
        try await system.prepare()
        let tracker = ReplyTracker()
        simulator.observeBotSends { chatID, message in
            tracker.replied(session: chatID, replyTo: message.quotedID, at: .now)
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil) { port in portContinuation.yield(port) }
        let options = self.options
        let serviceGroup = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: quiet))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { portContinuation.finish() }
                try await serviceGroup.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw BenchmarkError(message: "Sauda's HTTP server did not start") }
            guard let wappi = system.wappiClients[Tenant.defaultID] else { throw BenchmarkError(message: "no Wappi client") }
            try await wappi.setWebhook(url: "http://127.0.0.1:\(port)/webhooks/wappi/default/\(secret)")
            try await wappi.setWebhookTypes(WappiClient.webhookTypes)
            let callsAtStart = simulator.apiCalls

            let write: @Sendable (Int, String) async -> Void = { index, phase in
                let phone = "7707\(phase == "t" ? "1" : "2")\(String(format: "%06d", index % options.customers))"
                let id = "BENCH-\(phase)-\(index)"
                // Recorded before writing: the reply can arrive before the webhook is answered.
                tracker.accepted(session: "\(phone)@c.us", id: id, at: .now)
                await simulator.customerWrites(phone: phone, text: Self.questions[index % Self.questions.count], id: id)
            }
            // Phase 1: throughput.
            let started = ContinuousClock.now
            try await BenchmarkLoad.burst(count: options.messages, conversations: options.customers, workers: 32) { index in
                await write(index, "t")
            }
            try await tracker.waitUntilAnswered(options.messages, timeout: .seconds(900), what: "WhatsApp messages")
            let seconds = Double((ContinuousClock.now - started).totalNanoseconds) / 1e9
            let throughputReplies = tracker.replies
            var totalReplies = throughputReplies

            // Phase 2: latency at a fixed offered rate.
            tracker.reset()
            let latencyCount = options.rate * options.latencySeconds
            try await BenchmarkLoad.paced(count: latencyCount, conversations: options.customers, rate: options.rate) { index in
                await write(index, "l")
            }
            try await tracker.waitUntilAnswered(latencyCount, timeout: .seconds(300), what: "WhatsApp messages")
            totalReplies += tracker.replies
            // Let the last echoes and statuses arrive before counting webhooks.
            try await Task.sleep(for: .milliseconds(500))
            let webhooks = simulator.webhooksPosted
            // Stop as `serve` stops: in-flight work finishes, the usage log is flushed, the database closes.
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return Result(messages: options.messages, customers: options.customers, seconds: seconds,
                          messagesPerSecond: Double(options.messages) / seconds, replies: throughputReplies, offeredRate: options.rate,
                          latencyMessages: latencyCount, p50Milliseconds: tracker.latencyPercentile(0.5), p99Milliseconds: tracker.latencyPercentile(0.99),
                          wappiCallsPerReply: Double(simulator.apiCalls - callsAtStart) / Double(max(1, totalReplies)),
                          webhooks: webhooks)
        }
    }
}
