import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SaudaChannels
import SaudaCore
import SaudaServer
import SaudaStore
import ServiceLifecycle
import Synchronization

/// `sauda bench flood`: one business's web chat flooded while another business's customers chat, over loopback
/// HTTP with the edge's default limits.
///
/// Business B's customers each post a message, wait for the reply, think and post the next, once alone (the idle reply
/// time) and once while flood writers post to business A's web chat as fast as they can, every post from a new
/// session and one of many client addresses (named by `X-Forwarded-For` from a trusted proxy), so that only the
/// per-business limit can hold them. The figures: B's reply times in both phases, B's posts refused, and what A's
/// flood got (accepted, 429, 503).
public struct FloodBenchmark: Sendable {
    /// Benchmark parameters.
    public struct Options: Sendable {
        /// Business B's customers chatting at once.
        public var customers: Int
        /// Messages each of B's customers posts in a phase, one after the reply to the previous.
        public var rounds: Int
        /// How long one of B's customers takes to read a reply and write the next message.
        public var thinkTime: Duration
        /// Writers posting to business A at once.
        public var floodWriters: Int
        /// Client addresses A's posts rotate over.
        public var floodAddresses: Int
        /// Which model answers.
        public var model: PipelineBenchmark.BenchModel
        /// How long the Gemini simulator takes to answer (a real model's time; ignored by the offline engine).
        public var modelDelay: Duration

        /// Creates options.
        public init(customers: Int, rounds: Int, thinkTime: Duration, floodWriters: Int, floodAddresses: Int,
                    model: PipelineBenchmark.BenchModel, modelDelay: Duration) {
            self.customers = max(1, min(customers, 250))
            self.rounds = max(1, rounds)
            self.thinkTime = thinkTime
            self.floodWriters = max(1, floodWriters)
            self.floodAddresses = max(1, min(floodAddresses, 60_000))
            self.model = model
            self.modelDelay = modelDelay
        }
    }

    /// Figures of one run.
    public struct Result: Sendable, Encodable {
        /// The model.
        public var model: String
        /// Business B's messages per phase.
        public var messagesOfB: Int
        /// B's median reply time alone, milliseconds.
        public var idleP50Milliseconds: Double
        /// B's 95th percentile reply time alone, milliseconds.
        public var idleP95Milliseconds: Double
        /// B's median reply time under A's flood, milliseconds.
        public var floodP50Milliseconds: Double
        /// B's 95th percentile reply time under A's flood, milliseconds.
        public var floodP95Milliseconds: Double
        /// B's posts refused in either phase.
        public var refusedOfB: Int
        /// A's posts during the flood phase.
        public var floodPosts: Int
        /// A's posts accepted.
        public var floodAccepted: Int
        /// A's posts refused with 429.
        public var floodTooMany: Int
        /// A's posts refused with 503 (a full queue).
        public var floodUnavailable: Int
        /// A's posts answered otherwise (an error of the benchmark or the server).
        public var floodOther: Int
        /// Seconds the flood lasted.
        public var floodSeconds: Double

        /// B's median reply time under the flood over its idle one.
        public var p50Ratio: Double { idleP50Milliseconds > 0 ? floodP50Milliseconds / idleP50Milliseconds : 0 }
        /// The same for the 95th percentile.
        public var p95Ratio: Double { idleP95Milliseconds > 0 ? floodP95Milliseconds / idleP95Milliseconds : 0 }

        enum CodingKeys: String, CodingKey {
            case model
            case messagesOfB = "messages_of_b", refusedOfB = "refused_of_b"
            case idleP50Milliseconds = "idle_p50_ms", idleP95Milliseconds = "idle_p95_ms"
            case floodP50Milliseconds = "flood_p50_ms", floodP95Milliseconds = "flood_p95_ms"
            case floodPosts = "flood_posts", floodAccepted = "flood_accepted", floodTooMany = "flood_429"
            case floodUnavailable = "flood_503", floodOther = "flood_other", floodSeconds = "flood_seconds"
            case p50Ratio = "p50_ratio", p95Ratio = "p95_ratio"
        }

        /// Encodes the figures, the ratios included.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(model, forKey: .model)
            try container.encode(messagesOfB, forKey: .messagesOfB)
            try container.encode(refusedOfB, forKey: .refusedOfB)
            try container.encode(idleP50Milliseconds, forKey: .idleP50Milliseconds)
            try container.encode(idleP95Milliseconds, forKey: .idleP95Milliseconds)
            try container.encode(floodP50Milliseconds, forKey: .floodP50Milliseconds)
            try container.encode(floodP95Milliseconds, forKey: .floodP95Milliseconds)
            try container.encode(floodPosts, forKey: .floodPosts)
            try container.encode(floodAccepted, forKey: .floodAccepted)
            try container.encode(floodTooMany, forKey: .floodTooMany)
            try container.encode(floodUnavailable, forKey: .floodUnavailable)
            try container.encode(floodOther, forKey: .floodOther)
            try container.encode(floodSeconds, forKey: .floodSeconds)
            try container.encode(p50Ratio, forKey: .p50Ratio)
            try container.encode(p95Ratio, forKey: .p95Ratio)
        }
    }

    /// The flooded business.
    static let floodedTenant = "flood-a"
    /// The business whose customers chat through the flood.
    static let quietTenant = "quiet-b"

    let options: Options
    let logger: Logger

    /// Creates a benchmark.
    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Runs both phases and returns the figures.
    public func run() async throws -> Result {
        try await options.model.withSettings(answerDelay: options.modelDelay) { models in try await self.run(models: models) }
    }

    private func run(models: ModelSettings) async throws -> Result {
        var settings = SaudaSettings()
        settings.models = models
        let flooded = ReplyTracker()
        let quietCustomers = ReplyTracker()
        return try await EmbeddedWebChat.run(
            settings: settings, tenants: [Self.floodedTenant, Self.quietTenant], connections: options.floodWriters + options.customers + 4,
            logger: logger, replied: { tenant, session, replyTo, at in
                (tenant == Self.quietTenant ? quietCustomers : flooded).replied(session: session, replyTo: replyTo, at: at)
            }) { poster in
            try await measure(poster: poster, quiet: quietCustomers, flooded: flooded)
        }
    }

    private func measure(poster: WebChatPoster, quiet: ReplyTracker, flooded: ReplyTracker) async throws -> Result {
        let options = self.options
        let refusedOfB = SharedCount()
        // B's customers: each posts, waits for the reply, posts again.
        let chat: @Sendable (String) async throws -> Void = { phase in
            try await withThrowingTaskGroup(of: Void.self) { customers in
                for customer in 0..<options.customers {
                    customers.addTask {
                        let session = "b-\(phase)-\(customer)-\(UUID().uuidString.prefix(8))"
                        let address = "10.2.\(customer / 250).\(customer % 250 + 1)"
                        // Customers start spread over one think time, as people do, not all in the same millisecond.
                        try await Task.sleep(for: options.thinkTime * Double(customer) / Double(options.customers))
                        for round in 0..<options.rounds {
                            if round > 0 { try await Task.sleep(for: options.thinkTime) }
                            let id = "m\(round)"
                            quiet.accepted(session: session, id: WebChatGateway.messageID(session: session, clientID: id), at: .now)
                            let status = try await poster.post(tenant: Self.quietTenant, session: session, id: id,
                                                               text: Self.questions[(customer + round) % Self.questions.count], address: address)
                            guard status == 202 else {
                                refusedOfB.add()
                                quiet.forget(session: session)
                                continue
                            }
                            let deadline = ContinuousClock.now + .seconds(120)
                            while quiet.isWaiting(session: session) {
                                guard ContinuousClock.now < deadline else {
                                    throw BenchmarkError(message: "business B's customer \(customer) got no reply in 120 s")
                                }
                                try await Task.sleep(for: .milliseconds(2))
                            }
                        }
                    }
                }
                try await customers.waitForAll()
            }
        }
        try await chat("idle")
        let idle = (p50: quiet.latencyPercentile(0.5), p95: quiet.latencyPercentile(0.95))
        quiet.reset()

        let counts = FloodCounts()
        let stop = SharedCount()
        let floodStart = ContinuousClock.now
        let flood = Task {
            try await withThrowingTaskGroup(of: Void.self) { writers in
                for writer in 0..<options.floodWriters {
                    writers.addTask {
                        var index = writer
                        while stop.value == 0 {
                            let address = "10.1.\((index % options.floodAddresses) / 250).\((index % options.floodAddresses) % 250 + 1)"
                            let status = try await poster.post(tenant: Self.floodedTenant, session: "a-\(index)", id: "m",
                                                               text: Self.questions[index % Self.questions.count], address: address)
                            counts.record(status)
                            index += options.floodWriters
                        }
                    }
                }
                try await writers.waitForAll()
            }
        }
        // Let the flood use up A's burst and reach its steady state before B's customers write.
        try await Task.sleep(for: .seconds(1))
        do {
            try await chat("flood")
        } catch {
            stop.add()
            _ = try? await flood.value
            throw error
        }
        stop.add()
        try await flood.value
        let floodSeconds = Double((ContinuousClock.now - floodStart).totalNanoseconds) / 1e9
        let posted = counts.snapshot()
        return Result(model: options.model.rawValue, messagesOfB: options.customers * options.rounds,
                      idleP50Milliseconds: idle.p50, idleP95Milliseconds: idle.p95,
                      floodP50Milliseconds: quiet.latencyPercentile(0.5), floodP95Milliseconds: quiet.latencyPercentile(0.95),
                      refusedOfB: refusedOfB.value, floodPosts: posted.posts, floodAccepted: posted.accepted,
                      floodTooMany: posted.tooMany, floodUnavailable: posted.unavailable, floodOther: posted.other,
                      floodSeconds: floodSeconds)
    }

    /// What the customers of both businesses ask.
    static let questions = ["Сколько стоят EVA коврики?", "Есть доставка по Казахстану?", "Какая гарантия на 5D коврики?",
                            "Можно оплатить через Kaspi?", "Сколько дней доставка в Караганду?"]
}

/// Posts web-chat messages over HTTP as a browser behind a trusted proxy would.
struct WebChatPoster: Sendable {
    let client: HTTPClient
    let base: String

    /// Posts one message and returns the HTTP status.
    func post(tenant: String, session: String, id: String, text: String, address: String) async throws -> UInt {
        var request = HTTPClientRequest(url: "\(base)/\(tenant)/messages")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Forwarded-For", value: address)
        let body = try JSONSerialization.data(withJSONObject: ["session": session, "id": id, "text": text])
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 1 << 20)
        return response.status.code
    }
}

/// The flood's posts by answer.
final class FloodCounts: Sendable {
    struct Snapshot {
        var posts = 0
        var accepted = 0
        var tooMany = 0
        var unavailable = 0
        var other = 0
    }
    private let state = Mutex(Snapshot())

    func record(_ status: UInt) {
        state.withLock { counts in
            counts.posts += 1
            switch status {
            case 200, 202: counts.accepted += 1
            case 429: counts.tooMany += 1
            case 503: counts.unavailable += 1
            default: counts.other += 1
            }
        }
    }

    func snapshot() -> Snapshot { state.withLock { $0 } }
}

/// A count tasks share.
final class SharedCount: Sendable {
    private let count = Atomic<Int>(0)

    /// Adds one.
    func add() { count.add(1, ordering: .relaxed) }

    /// The count.
    var value: Int { count.load(ordering: .relaxed) }
}
