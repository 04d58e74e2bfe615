import Foundation
import Hummingbird
import Logging
import Prometheus
import SaudaAgent
import SaudaBus
import SaudaChannelTelegram
import SaudaChannelWappi
import SaudaChannels
import SaudaCRMSync
import SaudaCore
import SaudaModels
import SaudaOutbound
import SaudaStore
import ServiceLifecycle

/// One process's parts, built once from the settings: the ``Dependencies`` (database, queues, model, channels), the
/// agent, and what the HTTP routes need besides (token checks, the operator console). ``services`` lists what the
/// process's role runs, in order; ``buildApplication(hostname:port:registry:onServerRunning:)`` adds the routes and the
/// start-up (migrations, the default tenant and its demo knowledge base, the first admin token) for the CLI's `serve`,
/// `gateway` and `agent`, and ``makeApplication(hostname:port:registry:onServerRunning:)`` the routes alone for the
/// tests and benchmarks, which prepare the database themselves.
public final class SaudaSystem: Sendable {
    /// The settings.
    public let settings: SaudaSettings
    /// What this process runs.
    public let role: SaudaRole
    /// The database, the queues, the model and the channels.
    public let dependencies: Dependencies
    /// The moderator, the consumer of customer messages and the follow-up scheduler.
    public let agent: AgentParts
    /// Checks the tokens of the admin API.
    public let authenticator: AdminAuthenticator
    /// What operators see and do (admin API and dashboard).
    public let console: OperatorConsole
    /// Where the master keys come from (`SAUDA_MASTER_KEY`, or the key file of the embedded default).
    public let masterKeys: MasterKeySource
    /// Seals and opens the secrets stored in the database.
    public let secrets: SecretSealer
    /// Each business's settings and working calendar, read again every few seconds.
    public let businesses: BusinessDirectory
    /// The web-chat widgets by public id, read again every few seconds.
    let widgets: WebChatWidgetDirectory
    /// Each business's CRM adapter, for the CRM sync, the agent's tools and the CRM's webhooks.
    public let crm: CRMAdapters
    /// Keeps what runs for the businesses' channel connections in step with their rows (a process with the gateway).
    public let channelSupervisor: ChannelSupervisor
    let logger: Logger

    /// Builds every part; nothing runs and nothing is written until ``prepare()`` and ``services``.
    /// - Parameter widgetClock: the clock on which web-chat widgets are remembered for a few seconds (a test's manual
    ///   clock in tests).
    /// - Throws: ``StoreError`` when the database cannot be opened, ``SaudaSettings/Invalid`` for a bad `RABBITMQ_URL`,
    ///   ``PromptLibrary/LoadError`` for a bad template, ``SecretError`` for a bad master key or key file.
    public init(settings: SaudaSettings, logger: Logger, role: SaudaRole = .all, sqliteDurability: SQLiteDatabase.Durability = .full,
                widgetClock: AnyClock = .continuous) throws {
        self.settings = settings
        self.logger = logger
        self.role = role
        masterKeys = MasterKeySource.resolve(settings)
        secrets = try masterKeys.sealer().sealer
        let dependencies = try Dependencies(settings: settings, role: role, logger: logger, sqliteDurability: sqliteDurability)
        self.dependencies = dependencies
        let database = dependencies.database.database
        authenticator = AdminAuthenticator(database: database, limiter: RateLimiter(
            perMinute: Double(settings.adminRequestsPerMinute), burst: settings.adminRequestBurst))
        let businesses = BusinessDirectory(database: database, defaults: .installationDefaults(settings), fallbackTimeZone: settings.timeZone)
        self.businesses = businesses
        widgets = WebChatWidgetDirectory(database: database, clock: widgetClock, logger: logger)
        let crm = CRMAdapters(database: database, sealer: secrets,
                              addresses: ProviderAddressCheck(policy: ChannelParts.outboundPolicy(settings)), logger: logger)
        self.crm = crm
        agent = try AgentParts(settings: settings, database: database, queues: dependencies.queues, models: dependencies.models,
                               businesses: businesses, secrets: secrets, crm: crm,
                               activity: TelegramChatActivity(connections: dependencies.channels.telegramConnections), logger: logger)
        channelSupervisor = dependencies.channels.makeSupervisor(sealer: secrets)
        let wappiClients = dependencies.channels.wappiClients
        console = OperatorConsole(database: database, outboxSignal: dependencies.queues.relay.signal, whatsappTenants: Set(wappiClients.keys),
                                  hasWhatsAppConnection: { [connections = dependencies.channels.wappiConnections] in
                                      connections.hasConnection(tenantID: $0)
                                  },
                                  timeZone: settings.timeZone, logger: logger)
    }

    // MARK: The parts, by their names of old

    /// The database.
    public var database: any Database { dependencies.database.database }
    /// Businesses and the people who join them, as the installation's owner manages them.
    public var administration: BusinessAdministration { BusinessAdministration(database: database) }
    /// The queues: tables in the database, or RabbitMQ with `RABBITMQ_URL`.
    public var bus: any MessageBus { dependencies.queues.bus }
    /// The outbox relay.
    public var relay: OutboxRelay { dependencies.queues.relay }
    /// The sender.
    public var sender: OutgoingSender { dependencies.channels.sender }
    /// The agent's consumer.
    public var dispatcher: ConversationDispatcher { agent.dispatcher }
    /// The one door of every channel: whitelist, dedupe, room, voice ordering, the owner's takeover.
    public var inbound: InboundGateway { dependencies.channels.inbound }
    /// The web-chat gateway.
    public var gateway: WebChatGateway { dependencies.channels.webChat }
    /// Live web-chat streams.
    public var hub: WebChatHub { dependencies.channels.hub }
    /// The language model the agent calls (the guarded remote model, or the offline engine).
    public var model: any LanguageModel { dependencies.models.model }
    /// The guard around a remote model, for `/health`; `nil` with the offline engine.
    public var modelGuard: GuardedModel? { dependencies.models.modelGuard }
    /// Token usage of every model call.
    public var usageLog: UsageLog { dependencies.models.usageLog }
    /// Classifies contacts (also on an operator's request).
    public var moderator: Moderator { agent.moderator }
    /// Sends follow-up touches to silent clients (`nil` with `ENABLE_FOLLOW_UPS=false`).
    public var followUpScheduler: FollowUpScheduler? { agent.followUpScheduler }
    /// Wappi's inbound adapter (webhook events and polling), when a Wappi profile is configured.
    public var whatsappGateway: WappiInbound? { dependencies.channels.whatsappGateway }
    /// The Wappi client of each tenant with a WhatsApp number.
    public var wappiClients: [String: WappiClient] { dependencies.channels.wappiClients }
    /// Voice notes → transcripts.
    public var voiceTranscriber: VoiceTranscriber { dependencies.channels.voiceTranscriber }
    /// The WhatsApp pollers (`WAPPI_INBOUND=polling`), built once; ``ChannelParts/makePollers()`` makes new ones.
    public var pollers: [WappiPoller] { dependencies.channels.pollers }
    /// The businesses' WhatsApp connections as they run now.
    public var wappiConnections: WappiConnections { dependencies.channels.wappiConnections }
    /// The businesses' Telegram bots as they run now.
    public var telegramConnections: TelegramConnections { dependencies.channels.telegramConnections }

    // MARK: Start-up and services

    /// Migrates the schema, creates the default tenant and loads the demo knowledge base into it, and the demo shops
    /// with `DEMO_SHOPS`.
    /// - Throws: ``SecretError`` when the database holds secrets that no configured master key opens.
    public func prepare() async throws {
        try await DatabasePreparation.prepare(database, settings: settings, demoShops: settings.demoShops, logger: logger)
        try await SecretKeyCheck.verify(database, sealer: secrets, source: masterKeys)
        await seedWhatsAppConnection()
        await seedTelegramConnection()
        await seedCRMConnection()
    }

    /// Makes the bot of `TELEGRAM_BOT_TOKEN` a connection of the default business when it has none of that bot
    /// (``TelegramConnectionSeed``, which asks Telegram's `getMe` first); when Telegram refuses the token or cannot be
    /// reached, or no master key seals it, the start goes on without it and a warning names the variable.
    func seedTelegramConnection() async {
        guard let telegram = settings.telegram else { return }
        // The embedded default's key file is made just after this on a first start, which seeds again then.
        if case .keyFile(let path) = masterKeys, !FileManager.default.fileExists(atPath: path) { return }
        do {
            if let made = try await TelegramConnectionSeed.seed(telegram, publicURL: settings.publicURL, database: database, sealer: secrets) {
                logger.notice("the bot of TELEGRAM_BOT_TOKEN is now the default business's channel connection; its row wins from now on",
                              metadata: ["connection": "\(made.id)"])
            }
        } catch {
            logger.warning("the bot of TELEGRAM_BOT_TOKEN is not connected; the start goes on without it", metadata: ["error": "\(error)"])
        }
    }

    /// Makes the CRM of `CRM_*` the default business's CRM connection when it has none (``CRMConnectionSeed``); without
    /// a master key to seal its key the start goes on without it and a warning says why.
    func seedCRMConnection() async {
        guard let crm = settings.crm else { return }
        do {
            if let made = try await CRMConnectionSeed.seed(crm, database: database, sealer: secrets) {
                logger.notice("the CRM of CRM_* is now the default business's CRM connection; its row wins from now on",
                              metadata: ["crm": "\(made.type.rawValue)"])
            }
        } catch {
            logger.warning("the CRM of CRM_* could not be stored as the default business's CRM connection", metadata: ["error": "\(error)"])
        }
    }

    /// Makes the number of `WAPPI_*` the default business's connection «WhatsApp» when it has no Wappi connection yet
    /// (``WappiConnectionSeed``); without a master key to seal its token (PostgreSQL without `SAUDA_MASTER_KEY`) the
    /// number of old goes on as it is and a warning says why.
    func seedWhatsAppConnection() async {
        guard let whatsapp = settings.whatsapp else { return }
        do {
            if let made = try await WappiConnectionSeed.seed(whatsapp, database: database, sealer: secrets) {
                logger.notice("the WhatsApp number of WAPPI_* is now the default business's channel connection; its row wins from now on",
                              metadata: ["connection": "\(made.id)"])
            }
        } catch {
            // Most often no master key to seal with (PostgreSQL without SAUDA_MASTER_KEY); the start goes on.
            logger.warning("the WhatsApp number of WAPPI_* stays outside the channel connections: it could not be stored",
                           metadata: ["error": "\(error)"])
        }
    }

    /// Makes the default tenant's first admin token when the installation has never had one.
    /// - Returns: the token, to be shown once; `nil` when tokens exist (or existed: a revoked one is not replaced).
    public func issueFirstAdminToken() async throws -> String? {
        try await DatabasePreparation.issueFirstAdminToken(database)
    }

    /// The background services of this process's role, in start order; graceful shutdown goes the other way, so the
    /// database (PostgreSQL's pool, or SQLite's closer) stops last and the queues' connection or sweeper just before
    /// the model's usage log and the relay. A process with the gateway adds the channels' services, one with the agent
    /// the agent's.
    public var services: [any Service] { [dependencies.database.service] + roleServices }

    /// ``services`` without the database's: what needs the database to serve queries (for a caller that keeps the
    /// database running itself, as the benchmarks do with ``DatabaseParts/withRunning(_:)``).
    public var roleServices: [any Service] {
        var services = dependencies.queues.services + dependencies.models.services + [dependencies.queues.relay] as [any Service]
        if role.runsGateway { services += dependencies.channels.services + [channelSupervisor] as [any Service] }
        if role.runsAgent { services += agent.services }
        return services
    }

    /// The check of the base URLs businesses give their channel connections: nothing inside the installation's network
    /// unless `OUTBOUND_ALLOWED_HOSTS` (or `WAPPI_BASE_URL`) names it.
    var channelAddressCheck: ProviderAddressCheck { ProviderAddressCheck(policy: ChannelParts.outboundPolicy(settings)) }

    /// The editor of channel connections the API and the console share: new Telegram bots receive by webhook when the
    /// installation has a public address.
    func channelEditor(addresses: ProviderAddressCheck) -> ChannelConnectionEditor {
        var editor = ChannelConnectionEditor(database: database, secrets: secrets, addresses: addresses)
        editor.publicURLKnown = settings.publicURL != nil
        return editor
    }

    /// Every endpoint of the admin API, as `serve` registers it.
    public var adminEndpoints: [APIEndpoint] {
        let api = APIRoutes(router: Router(context: AppRequestContext.self), authenticator: authenticator)
        addAdminRoutes(to: api)
        return api.endpoints
    }

    /// The admin API under `/api/v1/` (each endpoint checks its caller's token and role).
    func addAdminRoutes(to api: APIRoutes) {
        let channelAddresses = channelAddressCheck
        ContactsController(database: database, console: console, moderator: moderator,
                           maxContextMessages: settings.maxContextMessages).addRoutes(to: api)
        OverviewController(console: console, bus: bus).addRoutes(to: api)
        LeadsController(console: console).addRoutes(to: api)
        WhitelistController(database: database, actions: console.actions).addRoutes(to: api)
        KnowledgeController(database: database, actions: console.actions).addRoutes(to: api)
        TokensController(database: database, authenticator: authenticator).addRoutes(to: api)
        CRMConnectionController(database: database, secrets: secrets).addRoutes(to: api)
        CRMSyncController(database: database, adapters: crm).addRoutes(to: api)
        ChannelsController(editor: channelEditor(addresses: channelAddresses),
                           calls: WappiConnectionCalls(database: database, secrets: secrets, logger: logger)).addRoutes(to: api)
        SettingsController(database: database, businesses: businesses, secrets: secrets).addRoutes(to: api)
        BusinessDataController(console: console, data: BusinessData(database: database)).addRoutes(to: api)
        InstallationController(administration: administration, authenticator: authenticator).addRoutes(to: api)
    }

    /// The HTTP application with every route and background service, for a database that is already prepared (the
    /// tests call ``prepare()`` first).
    public func makeApplication(hostname: String, port: Int, registry: PrometheusCollectorRegistry?,
                                onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        application(hostname: hostname, port: port, registry: registry, services: services, onServerRunning: onServerRunning)
    }

    /// The routes of this process's role: health, statistics and metrics everywhere; with the gateway also the web
    /// chat, the admin API, the dashboard and the Wappi webhook.
    func makeRouter(registry: PrometheusCollectorRegistry?) -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestLoggingMiddleware())
        let operations = OperationsController(database: database, bus: bus, settings: settings, registry: registry, indexPage: WebChatPage.html,
                                              modelGuard: modelGuard, wappiClients: wappiClients,
                                              access: OperationsAccess(authenticator: authenticator),
                                              channelStatuses: { [supervisor = channelSupervisor] in supervisor.statuses() })
        // An agent process serves only its health, statistics and metrics; customers and operators reach the gateway.
        operations.addRoutes(to: router, withChatPage: role.runsGateway)
        if role.runsGateway { addGatewayRoutes(to: router) }
        return router
    }

    private func addGatewayRoutes(to router: Router<AppRequestContext>) {
        let chat = WebChatController(gateway: gateway, hub: hub, admission: WebChatAdmission(settings: settings.edge),
                                     clientAddress: ClientAddress(trustedProxies: settings.edge.trustedProxies), maxBodyBytes: 64 * 1024,
                                     bodyTimeout: .seconds(settings.edge.bodyTimeoutSeconds),
                                     streamHeartbeat: .seconds(settings.edge.streamHeartbeatSeconds))
        chat.addRoutes(to: router)
        // The widgets share the page's admission: a visitor's rates are the same whichever way it chats.
        WidgetController(chat: chat, widgets: widgets).addRoutes(to: router)
        let api = APIRoutes(router: router, authenticator: authenticator)
        addAdminRoutes(to: api)
        // Wraps the router's not-found answer: an admin path asked with a method it lacks gets 405.
        router.add(middleware: MethodNotAllowedMiddleware(endpoints: api.endpoints))
        OpenAPIController(endpoints: api.endpoints).addRoutes(to: router)
        let modelGuard = self.modelGuard
        var dashboard = DashboardController(console: console, authenticator: authenticator, bus: bus, logger: logger,
                                            accounts: AccountSignIn(database: database),
                                            clientAddress: ClientAddress(trustedProxies: settings.edge.trustedProxies), businesses: businesses,
                                            administration: administration)
        dashboard.signUp = settings.signUp
        dashboard.modelBudget = { modelGuard?.budgetStatus }
        dashboard.secrets = secrets
        dashboard.channels = ChannelConsoleParts(editor: channelEditor(addresses: channelAddressCheck),
                                                 calls: WappiConnectionCalls(database: database, secrets: secrets, logger: logger))
        dashboard.addRoutes(to: router)
        var accounts: [String: WappiWebhookController.Account] = [:]
        if let whatsapp = settings.whatsapp {
            accounts[Tenant.defaultID] = .init(profileID: whatsapp.profileID, secret: whatsapp.webhookSecret)
        }
        WappiWebhookController(gateway: dependencies.channels.wappiInbound, accounts: accounts, connections: wappiConnections,
                               maxBodyBytes: 32 << 20)
            .addRoutes(to: router)
        TelegramWebhookController(connections: telegramConnections, inbound: dependencies.channels.telegramInbound, maxBodyBytes: 1 << 20)
            .addRoutes(to: router)
        CRMWebhookController(database: database, sealer: secrets, adapters: crm, applier: CRMEventApplier(database: database, logger: logger),
                             maxBodyBytes: 256 * 1024)
            .addRoutes(to: router)
    }
}
