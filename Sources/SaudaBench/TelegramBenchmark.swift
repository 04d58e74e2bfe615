import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SaudaBus
import SaudaChannelTelegram
import SaudaChannels
import SaudaCore
import SaudaServer
import SaudaSimulators
import SaudaStore
import ServiceLifecycle

/// `sauda bench telegram`: the Telegram path end to end over loopback HTTP. The Bot API simulator holds the bot and
/// its customers' chats; Sauda reads the updates by long polling (one poller holding the bot's lease) or receives them
/// on its webhook, the agent (offline engine) answers, and the sender replies with `sendMessage`, quoting the message.
///
/// Phase one offers every message as fast as the simulator takes them and measures throughput until every message is
/// answered; phase two offers messages at a fixed rate and measures reply latency, from the moment a customer's message
/// is written to the reply reaching Telegram. With `outageSeconds`, phase three offers messages at `outageRate` while
/// Telegram answers every call with 502 for that long, and counts what was lost, sent twice or dead-lettered.
public struct TelegramBenchmark: Sendable {
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
        /// How updates come in.
        public var inbound: TelegramConnectionSettings.Inbound
        /// Length of the outage of phase three, seconds; 0 leaves the phase out.
        public var outageSeconds: Int
        /// Offered rate during phase three, messages per second.
        public var outageRate: Int
        /// SQLite durability.
        public var durability: SQLiteDatabase.Durability

        /// Creates options.
        public init(messages: Int, customers: Int, rate: Int, latencySeconds: Int, inbound: TelegramConnectionSettings.Inbound,
                    outageSeconds: Int = 0, outageRate: Int = 5, durability: SQLiteDatabase.Durability) {
            self.messages = messages
            self.customers = customers
            self.rate = rate
            self.latencySeconds = latencySeconds
            self.inbound = inbound
            self.outageSeconds = outageSeconds
            self.outageRate = outageRate
            self.durability = durability
        }
    }

    /// Figures of one run.
    public struct Result: Sendable, Codable {
        /// `polling` or `webhook`.
        public var inbound: String
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
        /// Median latency from the customer's message to the reply at Telegram, milliseconds.
        public var p50Milliseconds: Double
        /// 99th percentile of that latency, milliseconds.
        public var p99Milliseconds: Double
        /// Bot API calls Sauda made per reply (sendMessage, sendChatAction, getUpdates), phases one and two.
        public var apiCallsPerReply: Double
        /// The outage of phase three, seconds (0: not run).
        public var outageSeconds: Int
        /// Messages offered in phase three.
        public var outageMessages: Int
        /// Of them, answered in the end.
        public var outageAnswered: Int
        /// Replies sent more than once in phase three (each stored reply compared with what reached Telegram).
        public var outageDuplicates: Int
        /// Replies dead-lettered in phase three.
        public var outageDeadLetters: Int
        /// The longest wait for a reply in phase three, milliseconds.
        public var outageMaxMilliseconds: Double

        enum CodingKeys: String, CodingKey {
            case inbound, messages, customers, seconds, replies
            case messagesPerSecond = "messages_per_s", offeredRate = "offered_rate", latencyMessages = "latency_messages"
            case p50Milliseconds = "p50_ms", p99Milliseconds = "p99_ms", apiCallsPerReply = "api_calls_per_reply"
            case outageSeconds = "outage_s", outageMessages = "outage_messages", outageAnswered = "outage_answered"
            case outageDuplicates = "outage_duplicates", outageDeadLetters = "outage_dead_letters", outageMaxMilliseconds = "outage_max_ms"
        }
    }

    let options: Options
    let logger: Logger

    /// Creates a benchmark.
    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    static let botID: Int64 = 7_100_000_001

    /// Runs the phases and returns the figures.
    public func run() async throws -> Result {
        var logger = self.logger
        logger.logLevel = .error
        let quiet = logger
        let simulator = TelegramSimulator(webhookRetryDelay: .milliseconds(200), webhookMaxRetryDelay: .seconds(5), logger: quiet)
        return try await SimulatorServer.withServer(simulator.router()) { simulatorPort in
            try await self.run(simulator: simulator, simulatorPort: simulatorPort, logger: quiet)
        }
    }

    private func run(simulator: TelegramSimulator, simulatorPort: Int, logger quiet: Logger) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sauda-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = SaudaSettings()
        settings.database = .sqlite(path: directory.appendingPathComponent("bench.sqlite").path)
        settings.queues[.incoming]?.maxLength = max(10_000, options.messages)
        settings.classifyMinMessages = 1
        let system = try SaudaSystem(settings: settings, logger: quiet, sqliteDurability: options.durability)
        _ = try system.masterKeys.load(creatingFile: true)
        try await system.prepare()
        let clock = TelegramReplyClock()
        simulator.observeBotSends { _, chatID, message in clock.replied(chat: chatID, replyTo: message.replyToMessageID, at: .now) }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil) { port in portContinuation.yield(port) }
        let serviceGroup = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: quiet))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { portContinuation.finish() }
                try await serviceGroup.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw BenchmarkError(message: "Sauda's HTTP server did not start") }
            system.telegramConnections.usePublicURL("http://127.0.0.1:\(port)")
            try await connectBot(simulator: simulator, simulatorPort: simulatorPort, system: system)
            let result = try await phases(simulator: simulator, system: system, clock: clock)
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return result
        }
    }

    /// Makes the bot the default business's connection, as the console does, and starts it.
    private func connectBot(simulator: TelegramSimulator, simulatorPort: Int, system: SaudaSystem) async throws {
        let token = simulator.addBot(id: Self.botID, username: "bench_bot")
        let settings = TelegramConnectionSettings(botID: Self.botID, username: "bench_bot", baseURL: "http://127.0.0.1:\(simulatorPort)",
                                                  inbound: options.inbound)
        let now = Date()
        let connection = ChannelConnection(id: ChannelConnection.newID(for: .telegram), tenantID: Tenant.defaultID, provider: .telegram,
                                           name: "Telegram", publicID: ChannelConnection.newPublicID(), settings: settings.json,
                                           createdAt: now, updatedAt: now)
        let sealer = system.secrets
        try await system.database.transaction { sql in
            try await ChannelConnectionRepository(sql).add(connection)
            _ = try await SecretRepository(sql).put(tenantID: Tenant.defaultID, name: connection.secretName(TelegramConnectionSettings.tokenSecret),
                                                    value: token, sealer: sealer, now: now)
            _ = try await SecretRepository(sql).put(tenantID: Tenant.defaultID,
                                                    name: connection.secretName(TelegramConnectionSettings.webhookSecretName),
                                                    value: TelegramConnectionSettings.newWebhookSecret(), sealer: sealer, now: now)
        }
        try await system.channelSupervisor.reconcile()
        if options.inbound == .webhook {
            let deadline = ContinuousClock.now + .seconds(30)
            while simulator.webhookURL(botID: Self.botID) == nil {
                guard ContinuousClock.now < deadline else { throw BenchmarkError(message: "the bot's webhook was not registered") }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    private func phases(simulator: TelegramSimulator, system: SaudaSystem, clock: TelegramReplyClock) async throws -> Result {
        let options = self.options
        let questions = WhatsAppBenchmark.questions
        // Message `index` of `conversations` chats numbered from `base`.
        let write: @Sendable (Int, Int, Int64) async -> Void = { index, conversations, base in
            let chat = base + Int64(index % conversations)
            let token = clock.willWrite(chat: chat)
            let id = await simulator.customerWrites(botID: Self.botID, userID: chat, text: questions[index % questions.count], firstName: "Клиент")
            clock.wrote(chat: chat, token: token, messageID: id)
        }
        let calls = { ["sendMessage", "sendChatAction", "getUpdates"].reduce(0) { $0 + simulator.callCount(botID: Self.botID, method: $1) } }
        let callsAtStart = calls()

        // Phase 1: throughput.
        let started = ContinuousClock.now
        try await BenchmarkLoad.burst(count: options.messages, conversations: options.customers, workers: 32) { await write($0, options.customers, 500_000_000) }
        try await clock.waitUntilAnswered(options.messages, timeout: .seconds(900))
        let seconds = Double((ContinuousClock.now - started).totalNanoseconds) / 1e9
        let throughputReplies = clock.replies
        var replies = throughputReplies

        // Phase 2: latency at a fixed offered rate.
        clock.reset()
        let latencyCount = options.rate * options.latencySeconds
        try await BenchmarkLoad.paced(count: latencyCount, conversations: options.customers, rate: options.rate) { await write($0, options.customers, 600_000_000) }
        try await clock.waitUntilAnswered(latencyCount, timeout: .seconds(300))
        replies += clock.replies
        let (p50, p99) = (clock.latencyPercentile(0.5), clock.latencyPercentile(0.99))
        let callsPerReply = Double(calls() - callsAtStart) / Double(max(1, replies))

        var result = Result(inbound: options.inbound.rawValue, messages: options.messages, customers: options.customers, seconds: seconds,
                            messagesPerSecond: Double(options.messages) / seconds, replies: throughputReplies, offeredRate: options.rate,
                            latencyMessages: latencyCount, p50Milliseconds: p50, p99Milliseconds: p99, apiCallsPerReply: callsPerReply,
                            outageSeconds: 0, outageMessages: 0, outageAnswered: 0, outageDuplicates: 0, outageDeadLetters: 0,
                            outageMaxMilliseconds: 0)
        if options.outageSeconds > 0 { try await outage(simulator: simulator, system: system, clock: clock, write: write, into: &result) }
        return result
    }

    /// Phase 3: customers keep writing while Telegram is down for `outageSeconds`; then every message must be answered
    /// once, with no reply dead-lettered.
    private func outage(simulator: TelegramSimulator, system: SaudaSystem, clock: TelegramReplyClock,
                        write: @escaping @Sendable (Int, Int, Int64) async -> Void, into result: inout Result) async throws {
        let options = self.options
        clock.reset()
        let deadBefore = try await system.bus.deadLetters(.outgoing)
        let count = options.outageRate * (options.outageSeconds + 20)
        // Five messages a customer.
        let customers = max(1, count / 5)
        let base: Int64 = 700_000_000
        let downAfter = Duration.seconds(5)
        let outage = Task {
            try await Task.sleep(for: downAfter)
            simulator.setOutage(botID: Self.botID, true)
            try await Task.sleep(for: .seconds(options.outageSeconds))
            simulator.setOutage(botID: Self.botID, false)
        }
        try await BenchmarkLoad.paced(count: count, conversations: customers, rate: options.outageRate) { await write($0, customers, base) }
        try await outage.value
        try await clock.waitUntilAnswered(count, timeout: .seconds(600))
        // Every stored reply reached Telegram once.
        var duplicates = 0
        for customer in 0..<Int64(customers) {
            let chat = base + customer
            let key = ConversationKey(tenantID: Tenant.defaultID, channel: .telegram,
                                      chatID: TelegramChat(botID: Self.botID, chatID: chat).description)
            let stored = try await system.database.read { sql in
                let contact = try await ContactRepository(sql).find(key: key)
                return try await MessageRepository(sql).conversation(contactID: contact?.id ?? 0).filter { $0.author == .bot }.count
            }
            duplicates += max(0, simulator.sentMessages(botID: Self.botID, chatID: chat).count - stored)
        }
        result.outageSeconds = options.outageSeconds
        result.outageMessages = count
        result.outageAnswered = clock.answered
        result.outageDuplicates = duplicates
        result.outageDeadLetters = try await system.bus.deadLetters(.outgoing) - deadBefore
        result.outageMaxMilliseconds = clock.latencyPercentile(1)
    }
}
