import Foundation
import Hummingbird
import Logging
import Prometheus
import SaudaBus
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaModels
import SaudaStore

/// `/health`, `/stats`, `/metrics` and the web-chat page. `/stats` and `/metrics` cover the whole installation and
/// need an admin API token (``OperationsAccess``); `/health` tells an anonymous caller only its status.
struct OperationsController: Sendable {
    let database: any Database
    let bus: any MessageBus
    let settings: SaudaSettings
    let registry: PrometheusCollectorRegistry?
    let indexPage: String
    let modelGuard: GuardedModel?
    let wappiClients: [String: WappiClient]
    let access: OperationsAccess
    /// The businesses' channel connections as they run now (``ChannelSupervisor/statuses()``).
    var channelStatuses: @Sendable () -> [ChannelConnectionStatus] = { [] }

    func addRoutes(to router: Router<AppRequestContext>, withChatPage: Bool = true) {
        router.get("/health", use: health)
        router.get("/stats", use: stats)
        router.get("/metrics", use: metrics)
        if withChatPage { router.get("/", use: index) }
    }

    struct QueueHealth: Encodable {
        let depth: Int
        let maxLength: Int
        let deadLetters: Int
        enum CodingKeys: String, CodingKey { case depth, maxLength = "max_length", deadLetters = "dead_letters" }
    }

    struct ModelHealth: Encodable {
        let provider: String
        let circuit: String
        let consecutiveFailures: Int
        let lastError: String?
        let lastFailureAt: String?
        var budget: BudgetHealth?
        enum CodingKeys: String, CodingKey {
            case provider, circuit, budget
            case consecutiveFailures = "consecutive_failures", lastError = "last_error", lastFailureAt = "last_failure_at"
        }
    }

    /// The provider's budget now (``ProviderBudget/Snapshot``).
    struct BudgetHealth: Encodable {
        let inFlight: Int
        let waiting: Int
        let oldestWaitSeconds: Double?
        let requestsPerMinute: Int?
        let tokensPerMinute: Int?
        let pausedSeconds: Double?
        enum CodingKeys: String, CodingKey {
            case waiting
            case inFlight = "in_flight", oldestWaitSeconds = "oldest_wait_seconds", requestsPerMinute = "requests_per_minute"
            case tokensPerMinute = "tokens_per_minute", pausedSeconds = "paused_seconds"
        }

        init(_ snapshot: ProviderBudget.Snapshot) {
            inFlight = snapshot.inFlight
            waiting = snapshot.waiting
            oldestWaitSeconds = snapshot.oldestWait?.timeInterval
            requestsPerMinute = snapshot.requestsPerMinute
            tokensPerMinute = snapshot.tokensPerMinute
            pausedSeconds = snapshot.pausedFor?.timeInterval
        }
    }

    struct Health: Encodable {
        let status: String
        let model: ModelHealth
        let database: String
        let queueConnection: String
        let queues: [String: QueueHealth]
        let lastIncomingAt: String?
        let lastOutgoingAt: String?
        /// One line per channel connection (id, business, provider, name, state, last poll, last error); never a secret.
        let channels: [String]
        let problems: [String]
        enum CodingKeys: String, CodingKey {
            case status, model, database, queues, problems, channels
            case queueConnection = "queue_connection", lastIncomingAt = "last_incoming_at", lastOutgoingAt = "last_outgoing_at"
        }
    }

    /// What an anonymous caller of `/health` reads: the status alone.
    struct BriefHealth: Encodable {
        let status: String
    }

    /// The status with its HTTP code (200 healthy, 503 degraded); the detail (model, database, queues, last activity
    /// and problems) only with an admin token, since it covers every tenant.
    @Sendable func health(request: Request, context: AppRequestContext) async throws -> Response {
        let detailed = OperationsAccess.presentsToken(request)
        if detailed { try await access.requireAdmin(request) }
        var problems: [String] = []
        var databaseStatus = "ok"
        var lastIn: Date?
        var lastOut: Date?
        do {
            (lastIn, lastOut) = try await database.read { sql in
                let logs = MessageLogRepository(sql)
                return (try await logs.lastActivity(direction: .incoming), try await logs.lastActivity(direction: .outgoing))
            }
        } catch {
            databaseStatus = "error: \(error)"
            problems.append("database unreachable")
        }
        if let failure = database.writeFailure {
            databaseStatus = "error: \(failure.message)"
            problems.append("database accepts no writes until Sauda restarts")
        }
        var queues: [String: QueueHealth] = [:]
        var queueStatus = "ok"
        if databaseStatus == "ok" {
            for queue in QueueName.allCases {
                let limits = settings.limits(queue)
                do {
                    let depth = try await bus.depth(queue)
                    let dead = try await bus.deadLetters(queue)
                    queues[queue.shortName] = QueueHealth(depth: depth, maxLength: limits.maxLength, deadLetters: dead)
                    if depth * 10 >= limits.maxLength * 9 { problems.append("queue \(limits.name) is nearly full (\(depth)/\(limits.maxLength))") }
                } catch {
                    queueStatus = "error: \(error)"
                    problems.append("queue \(limits.name) unreadable")
                }
            }
        } else {
            queueStatus = "unknown"
        }
        var model = ModelHealth(provider: "offline", circuit: "closed", consecutiveFailures: 0, lastError: nil, lastFailureAt: nil)
        if let modelGuard {
            let snapshot = modelGuard.status
            model = ModelHealth(provider: modelGuard.name, circuit: snapshot.state.rawValue, consecutiveFailures: snapshot.consecutiveFailures,
                                lastError: snapshot.lastError, lastFailureAt: snapshot.lastFailureAt.map(ISO8601.format),
                                budget: BudgetHealth(modelGuard.budgetStatus))
            if snapshot.state != .closed {
                problems.append("model \(modelGuard.name) is failing (\(snapshot.lastError ?? "unknown error")): the fallback answers")
            }
        }
        for (tenant, client) in wappiClients.sorted(by: { $0.key < $1.key }) where !client.health.usable {
            problems.append("WhatsApp number of tenant \(tenant) is unusable: \(client.health.problem ?? "unknown")")
        }
        let status: HTTPResponse.Status = problems.isEmpty ? .ok : .serviceUnavailable
        guard detailed else { return try JSONResponse.make(BriefHealth(status: problems.isEmpty ? "healthy" : "degraded"), status: status) }
        let body = Health(status: problems.isEmpty ? "healthy" : "degraded", model: model, database: databaseStatus, queueConnection: queueStatus,
                          queues: queues, lastIncomingAt: lastIn.map(ISO8601.format), lastOutgoingAt: lastOut.map(ISO8601.format),
                          channels: channelStatuses().map(\.line), problems: problems)
        return try JSONResponse.make(body, status: status)
    }

    struct Stats: Encodable {
        let messagesReceivedToday: Int
        let messagesSentToday: Int
        let voiceTranscribedToday: Int
        let queueSize: [String: Int]
        let deadLetters: [String: Int]
        let contacts: [String: Int]
        let modelUsageToday: [String: ModelUsageTotals]
        enum CodingKeys: String, CodingKey {
            case messagesReceivedToday = "messages_received_today", messagesSentToday = "messages_sent_today"
            case voiceTranscribedToday = "voice_transcribed_today", queueSize = "queue_size", deadLetters = "dead_letters"
            case contacts, modelUsageToday = "model_usage_today"
        }
    }

    /// Today's figures of the whole installation (admin token only).
    @Sendable func stats(request: Request, context: AppRequestContext) async throws -> Response {
        try await access.requireAdmin(request)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.timeZone
        let startOfDay = calendar.startOfDay(for: Date())
        let (received, sent, voice, contacts, usage) = try await database.read { sql in
            let logs = MessageLogRepository(sql)
            return (try await logs.count(direction: .incoming, since: startOfDay),
                    try await logs.count(direction: .outgoing, since: startOfDay, providerStatuses: DeliveryStatus.reachedChannelValues),
                    try await logs.count(direction: .incoming, since: startOfDay, voiceOnly: true),
                    try await ContactRepository(sql).countByStatus(tenantID: nil),
                    try await ModelUsageRepository(sql).totals(since: startOfDay))
        }
        let (sizes, dead) = try await bus.sizes()
        let body = Stats(messagesReceivedToday: received, messagesSentToday: sent, voiceTranscribedToday: voice, queueSize: sizes,
                         deadLetters: dead,
                         contacts: Dictionary(uniqueKeysWithValues: contacts.map { ($0.key.rawValue, $0.value) }),
                         modelUsageToday: usage)
        return try JSONResponse.make(body)
    }

    /// Prometheus text: every metric of the process, with the queues' depths and dead letters read now
    /// (`sauda_queue_depth{queue}`, `sauda_queue_dead_letters{queue}`; a queue that cannot be read keeps its last value).
    /// Admin token only (a Prometheus scraper sends it as its bearer token).
    @Sendable func metrics(request: Request, context: AppRequestContext) async throws -> Response {
        try await access.requireAdmin(request)
        guard let registry else { throw APIError(.notFound, "metrics are not enabled in this process") }
        let depth = MetricNameDescriptor(metricName: "sauda_queue_depth", unitName: "", helpText: "Messages waiting in the queue")
        let deadLetters = MetricNameDescriptor(metricName: "sauda_queue_dead_letters", unitName: "", helpText: "Dead letters of the queue")
        for queue in QueueName.allCases {
            let labels = [("queue", queue.shortName)]
            do {
                registry.makeGauge(descriptor: depth, labels: labels).set(to: Double(try await bus.depth(queue)))
                registry.makeGauge(descriptor: deadLetters, labels: labels).set(to: Double(try await bus.deadLetters(queue)))
            } catch {
                context.logger.warning("queue unreadable for metrics", metadata: ["queue": "\(queue.shortName)", "error": "\(error)"])
            }
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    @Sendable func index(request: Request, context: AppRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: indexPage)))
    }
}
