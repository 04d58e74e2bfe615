import AMQP
import AsyncHTTPClient
import Crypto
import Foundation
import Hummingbird
import Logging
import Prometheus
import SaudaAgent
import SaudaBus
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaKnowledge
import SaudaModels
import SaudaStore
import ServiceLifecycle

/// The composition root: every part of Sauda built once from the settings, for `serve`, the benchmark
/// and the tests.
public final class SaudaSystem: Sendable {
    /// The settings.
    public let settings: SaudaSettings
    /// The database.
    public let database: any Database
    /// The queues: tables in the database, or RabbitMQ with `RABBITMQ_URL`.
    public let bus: any MessageBus
    /// What this process runs.
    public let role: SaudaRole
    /// The outbox relay.
    public let relay: OutboxRelay
    /// The sender.
    public let sender: OutgoingSender
    /// The agent's consumer.
    public let dispatcher: ConversationDispatcher
    /// The one door of every channel: whitelist, dedupe, room, voice ordering, the owner's takeover.
    public let inbound: InboundGateway
    /// The web-chat gateway.
    public let gateway: WebChatGateway
    /// Live web-chat streams.
    public let hub: WebChatHub
    /// The language model the agent calls (the guarded remote model, or the offline engine).
    public let model: any LanguageModel
    /// The guard around a remote model, for `/health`; `nil` with the offline engine.
    public let modelGuard: GuardedModel?
    /// Token usage of every model call.
    public let usageLog: UsageLog
    /// Classifies contacts (also on an operator's request).
    public let moderator: Moderator
    /// Sends follow-up touches to silent clients (`nil` with `ENABLE_FOLLOW_UPS=false`).
    public let followUpScheduler: FollowUpScheduler?
    /// Wappi's inbound adapter (webhook events and polling), when a Wappi profile is configured.
    public let whatsappGateway: WappiInbound?
    /// The Wappi client of each tenant with a WhatsApp number.
    public let wappiClients: [String: WappiClient]
    /// Voice notes → transcripts.
    public let voiceTranscriber: VoiceTranscriber
    /// Checks the tokens of the admin API.
    public let authenticator: AdminAuthenticator
    /// What operators see and do (admin API and dashboard).
    public let console: OperatorConsole
    let logger: Logger

    /// Builds every part; nothing runs and nothing is written until ``prepare()`` and ``services``.
    /// - Throws: ``StoreError`` when the database cannot be opened, ``PromptLibrary/LoadError`` for a bad template.
    public init(settings: SaudaSettings, logger: Logger, role: SaudaRole = .all, sqliteDurability: SQLiteDatabase.Durability = .full) throws {
        self.settings = settings
        self.logger = logger
        self.role = role
        switch settings.database {
        case .sqlite(let path):
            database = try SQLiteDatabase(path: path, durability: sqliteDurability)
        case .postgres(let url):
            database = try PostgresDatabase(url: url, logger: logger)
        }
        if let url = settings.rabbitMQURL {
            let connection: AMQPConnectionConfiguration
            do { connection = try AMQPConnectionConfiguration(url: url) } catch {
                throw SaudaSettings.Invalid(problems: ["RABBITMQ_URL: \(error)"])
            }
            let topology = RabbitMQTopology(agentID: role.runsAgent ? settings.agentID : nil, limits: settings.queues)
            let rabbit = RabbitMQBus(connection: connection, topology: topology, consuming: role.consumedQueues,
                                     retryPolicy: settings.retry, logger: logger)
            bus = rabbit
            relay = OutboxRelay(database: database, bus: rabbit, signal: rabbit.outboxSignal, logger: logger)
        } else {
            let tables = SQLMessageBus(database: database, limits: settings.queues, retryPolicy: settings.retry, logger: logger)
            bus = tables
            relay = OutboxRelay(database: database, bus: tables, logger: logger)
        }
        hub = WebChatHub()
        let inbound = InboundGateway(database: database, bus: bus, humanPause: .seconds((settings.whatsapp?.humanPauseMinutes ?? 60) * 60),
                                     logger: logger)
        self.inbound = inbound
        if let whatsapp = settings.whatsapp {
            let profile = WappiProfile(baseURL: whatsapp.baseURL, token: whatsapp.token, profileID: whatsapp.profileID)
            wappiClients = [Tenant.defaultID: WappiClient(profile: profile, http: .shared, logger: logger)]
            whatsappGateway = WappiInbound(gateway: inbound)
        } else {
            wappiClients = [:]
            whatsappGateway = nil
        }
        var deliveries: [any ChannelDelivery] = [WebChatDelivery(hub: hub)]
        if !wappiClients.isEmpty {
            // During an outage a reply is tried again on the queue's backoff, but at least every 30 s.
            deliveries.append(WhatsAppDelivery(clients: wappiClients, sendsPerMinute: settings.whatsapp?.sendsPerMinute ?? 20,
                                               outageDelay: .seconds(settings.retry.initialBackoff),
                                               maximumOutageDelay: .seconds(min(30, settings.retry.maxBackoff))))
        }
        sender = OutgoingSender(database: database, bus: bus, channels: deliveries, logger: logger)
        let (baseModel, guardedModel, transcriber) = try Self.makeModel(settings.models, logger: logger)
        authenticator = AdminAuthenticator(database: database, limiter: RequestRateLimiter(
            perSecond: Double(settings.adminRequestsPerMinute) / 60, burst: settings.adminRequestBurst))
        let usageLog = UsageLog(database: database, logger: logger)
        self.usageLog = usageLog
        model = MeteredModel(baseModel, sink: usageLog)
        modelGuard = guardedModel
        let metered = transcriber.map { MeteredTranscriber($0, sink: usageLog) }
        voiceTranscriber = VoiceTranscriber(database: database, bus: bus, transcriber: metered,
                                            mediaSources: Dictionary(uniqueKeysWithValues: wappiClients.map { tenant, client in
                                                (ChannelConnectionKey(tenantID: tenant, channel: .whatsapp), client as any MediaSource)
                                            }),
                                            http: .shared,
                                            maxAttempts: settings.retry.maxAttempts, logger: logger)
        let agentSettings = AgentSettings(settings)
        let prompts = try PromptLibrary(overridesDirectory: settings.promptsDirectory.map { URL(fileURLWithPath: $0) })
        let knowledge = KnowledgeCache(database: database)
        let moderator = Moderator(model: model, prompts: prompts, settings: agentSettings, logger: logger)
        self.moderator = moderator
        let processor = TurnProcessor(
            database: database, bus: bus,
            moderator: moderator,
            salesAgent: SalesAgent(model: model, prompts: prompts, knowledge: knowledge, settings: agentSettings,
                                   tools: SalesTools(database: database, knowledge: knowledge, calendar: settings.calendar).registry,
                                   toolRounds: settings.models.toolRounds),
            settings: agentSettings, outboxSignal: relay.signal, logger: logger)
        dispatcher = ConversationDispatcher(bus: bus, processor: processor, concurrency: settings.agentConcurrency, logger: logger)
        if let plan = agentSettings.followUps {
            followUpScheduler = FollowUpScheduler(database: database, model: model, prompts: prompts, settings: agentSettings, plan: plan,
                                                  outboxSignal: relay.signal, logger: logger)
        } else {
            followUpScheduler = nil
        }
        gateway = WebChatGateway(database: database, inbound: inbound, hub: hub, maxTextLength: settings.webchatMaxText, logger: logger)
        console = OperatorConsole(database: database, outboxSignal: relay.signal, whatsappTenants: Set(wappiClients.keys),
                                  timeZone: settings.timeZone, logger: logger)
    }

    /// The model of the settings: the offline engine, or a remote model behind a ``GuardedModel`` with the
    /// offline engine (or the apology) as its fallback.
    static func makeModel(_ settings: ModelSettings, logger: Logger) throws -> (any LanguageModel, GuardedModel?, (any Transcriber)?) {
        let http = ModelHTTPClient(client: .shared)
        let primary: any LanguageModel
        switch settings.provider {
        case .offline:
            return (OfflineEngine(), nil, nil)
        case .gemini:
            primary = GeminiModel(
                configuration: .init(apiKey: settings.geminiAPIKey ?? "", model: settings.geminiModel, baseURL: settings.geminiBaseURL,
                                     requestTimeout: .seconds(settings.turnDeadlineSeconds)),
                http: http, logger: logger)
        case .openai:
            primary = OpenAIModel(
                configuration: .init(baseURL: settings.openAIBaseURL, apiKey: settings.openAIAPIKey, model: settings.openAIModel,
                                     transcriptionModel: settings.openAITranscriptionModel,
                                     requestTimeout: .seconds(settings.turnDeadlineSeconds)),
                http: http, logger: logger)
        }
        let guarded = GuardedModel(
            primary: primary, fallback: settings.fallback == "offline" ? OfflineEngine() : nil,
            breaker: CircuitBreaker(failureThreshold: settings.circuitFailures, openDuration: .seconds(settings.circuitOpenSeconds)),
            limiter: TenantLimiter(limit: settings.tenantConcurrency), callDeadline: .seconds(settings.turnDeadlineSeconds), logger: logger)
        return (guarded, guarded, primary as? any Transcriber)
    }

    /// Runs `body` while the database can serve queries: PostgreSQL's pool runs in a child task that
    /// ends after `body`, so the pool outlives every service that `body` runs.
    public func withDatabase<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        guard let postgres = database as? PostgresDatabase else {
            let result = try await body()
            await database.close()
            return result
        }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await postgres.runPool()
                return nil
            }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// Migrates the schema, creates the default tenant and loads the demo knowledge base into it.
    public func prepare() async throws {
        let migrator = Migrator(database: database, logger: logger)
        try await migrator.migrate()
        if try await migrator.ensureDefaultTenant(name: settings.businessName, timeZone: settings.timeZone.identifier) {
            logger.info("created the default tenant", metadata: ["tenant": "\(Tenant.defaultID)"])
        }
        let documents = KnowledgeBase.sampleDocuments()
        try await database.transaction { sql in
            let tenants = TenantRepository(sql)
            guard try await tenants.knowledgeDocuments(tenantID: Tenant.defaultID).isEmpty else { return }
            for document in documents {
                let hash = KnowledgeIngest.contentHash(document.content)
                try await tenants.upsertKnowledgeDocument(tenantID: Tenant.defaultID, name: document.name, content: document.content,
                                                          contentHash: hash, now: Date())
            }
        }
    }

    /// Makes the default tenant's first admin token when the installation has never had one.
    /// - Returns: the token, to be shown once; `nil` when tokens exist (or existed: a revoked one is not replaced).
    public func issueFirstAdminToken() async throws -> String? {
        try await database.transaction { sql in
            guard try await ApiTokenRepository(sql).list(tenantID: nil).isEmpty else { return nil }
            return try await AccessTokens.issue(tenantID: Tenant.defaultID, name: "first admin", role: .admin, in: sql).token
        }
    }

    /// The background services of this process's role: in shutdown order reversed (the closer stops last, the
    /// broker connection just before it).
    public var services: [any Service] {
        var services: [any Service] = [DatabaseCloser(database: database, logger: logger)]
        if let broker = bus as? RabbitMQBus { services.append(broker) }
        if let tables = bus as? SQLMessageBus { services.append(QueueSweeper(bus: tables, logger: logger)) }
        services += [usageLog, relay] as [any Service]
        if role.runsGateway { services += [sender, voiceTranscriber, StreamCloser(hub: hub)] as [any Service] + pollers }
        if role.runsAgent { services += [dispatcher] as [any Service] + (followUpScheduler.map { [$0] } ?? []) }
        return services
    }

    /// The WhatsApp pollers (`WAPPI_INBOUND=polling`).
    public var pollers: [WappiPoller] {
        guard let whatsapp = settings.whatsapp, whatsapp.inbound == .polling, let gateway = whatsappGateway else { return [] }
        return wappiClients.sorted { $0.key < $1.key }.map { tenant, client in
            WappiPoller(tenantID: tenant, client: client, gateway: gateway, database: database,
                        interval: .seconds(whatsapp.pollingIntervalSeconds), logger: logger)
        }
    }

    /// Every endpoint of the admin API, as `serve` registers it.
    public var adminEndpoints: [APIEndpoint] {
        let api = APIRoutes(router: Router(context: AppRequestContext.self), authenticator: authenticator)
        addAdminRoutes(to: api)
        return api.endpoints
    }

    /// The admin API under `/api/v1/` (each endpoint checks its caller's token and role).
    func addAdminRoutes(to api: APIRoutes) {
        ContactsController(database: database, console: console, moderator: moderator,
                           maxContextMessages: settings.maxContextMessages).addRoutes(to: api)
        OverviewController(console: console, bus: bus).addRoutes(to: api)
        WhitelistController(database: database, actions: console.actions).addRoutes(to: api)
        KnowledgeController(database: database, actions: console.actions).addRoutes(to: api)
        TokensController(database: database, authenticator: authenticator).addRoutes(to: api)
    }

    /// The HTTP application with every route and background service.
    public func makeApplication(hostname: String, port: Int, registry: PrometheusCollectorRegistry?,
                                onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestLoggingMiddleware())
        let operations = OperationsController(database: database, bus: bus, settings: settings, registry: registry, indexPage: WebChatPage.html,
                                              modelGuard: modelGuard, wappiClients: wappiClients)
        // An agent process serves only its health, statistics and metrics; customers and operators reach the gateway.
        operations.addRoutes(to: router, withChatPage: role.runsGateway)
        if role.runsGateway { addGatewayRoutes(to: router) }
        return Application(
            router: router,
            configuration: .init(address: .hostname(hostname, port: port), serverName: "sauda"),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    private func addGatewayRoutes(to router: Router<AppRequestContext>) {
        WebChatController(gateway: gateway, hub: hub, maxBodyBytes: 64 * 1024).addRoutes(to: router)
        let api = APIRoutes(router: router, authenticator: authenticator)
        addAdminRoutes(to: api)
        OpenAPIController(endpoints: api.endpoints).addRoutes(to: router)
        DashboardController(console: console, authenticator: authenticator, bus: bus, logger: logger).addRoutes(to: router)
        if let whatsappGateway, let whatsapp = settings.whatsapp {
            WappiWebhookController(gateway: whatsappGateway,
                                   accounts: [Tenant.defaultID: .init(profileID: whatsapp.profileID, secret: whatsapp.webhookSecret)],
                                   maxBodyBytes: 32 << 20)
                .addRoutes(to: router)
        }
    }
}
