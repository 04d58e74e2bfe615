import Hummingbird
import Logging
import Prometheus
import SaudaCore
import SaudaStore
import ServiceLifecycle

/// What a process knows once its HTTP server listens.
public struct ProcessStart: Sendable {
    /// The process's parts.
    public let system: SaudaSystem
    /// The port the server listens on.
    public let port: Int
    /// The default tenant's first admin token, made by this start (a process with the gateway on an installation
    /// that never had a token); it is in ``firstAdminTokenFile``, not to be logged.
    public let firstAdminToken: String?
    /// The file (mode 0600) this start wrote the first admin token to, when it made one.
    public let firstAdminTokenFile: FirstAdminTokenFile?
    /// The file (mode 0600) this start wrote the installation's first owner's email and one-time password to, when it
    /// made the owner (the first start of a process with the gateway).
    public var firstOwnerFile: FirstAdminTokenFile? = nil
    /// The master key file (mode 0600) this start made, when it made one (the embedded default's first start).
    public let masterKeyFile: String?
}

/// Builds a Sauda process of `role` from the settings, in the manner of Hummingbird's `buildApplication`: every part
/// (``SaudaSystem``), the routes of the role and its services, ready for `runService()`.
///
/// The services start in dependency order: the database first (PostgreSQL's pool, or SQLite's closer), so graceful
/// shutdown reaches it last. Once it serves queries the database is migrated (default tenant, demo knowledge base)
/// and, in a process with the gateway, the first admin token of a new installation is made and written to a private
/// file (``FirstAdminTokenFile``); only then do the role's
/// other services start and the server bind.
/// - Parameter onServerRunning: called once the server listens.
/// - Throws: what ``SaudaSystem/init(settings:logger:role:sqliteDurability:widgetClock:)`` throws.
public func buildApplication(settings: SaudaSettings, role: SaudaRole, logger: Logger, hostname: String, port: Int,
                             registry: PrometheusCollectorRegistry?,
                             onServerRunning: @escaping @Sendable (ProcessStart) async -> Void = { _ in }) throws -> some ApplicationProtocol {
    try SaudaSystem(settings: settings, logger: logger, role: role)
        .buildApplication(hostname: hostname, port: port, registry: registry, onServerRunning: onServerRunning)
}

extension SaudaSystem {
    /// This process's application as a start builds it: see
    /// ``buildApplication(settings:role:logger:hostname:port:registry:onServerRunning:)``.
    public func buildApplication(hostname: String, port: Int, registry: PrometheusCollectorRegistry?,
                                 onServerRunning: @escaping @Sendable (ProcessStart) async -> Void = { _ in }) -> some ApplicationProtocol {
        let gate = StartupGate<(token: String?, keyFile: String?, owner: Bool)>()
        let runsGateway = role.runsGateway
        let tokenFile = FirstAdminTokenFile(for: settings.database)
        let ownerFile = FirstAdminTokenFile.firstOwner(for: settings.database)
        let startup = StartupServices(
            work: { [self] in
                await dependencies.database.waitUntilServing()
                try await prepare()
                // The embedded default keeps its master key in a private file beside the database, made on the first start.
                var keyFile: String?
                if case MasterKeySource.keyFile(let path) = self.masterKeys, try self.masterKeys.load(creatingFile: true).createdFile { keyFile = path }
                // With the key file just made, the number of WAPPI_*, the bot of TELEGRAM_BOT_TOKEN and the CRM of CRM_* can now become
                // the default business's connections.
                if keyFile != nil {
                    await seedWhatsAppConnection()
                    await seedTelegramConnection()
                    await seedCRMConnection()
                }
                // A newcomer needs a way in: the first start makes one admin token and writes it to a private file.
                let token = runsGateway ? try await DatabasePreparation.issueFirstAdminToken(database, file: tokenFile) : nil
                // And the installation's owner, whose one-time password goes to a private file too.
                let owner = runsGateway ? try await administration.createFirstOwner { email, password in
                    try ownerFile.writeOwner(email: email, password: password)
                } : nil
                return (token, keyFile, owner != nil)
            },
            gate: gate, services: roleServices, logger: logger)
        var app = application(hostname: hostname, port: port, registry: registry,
                              services: [dependencies.database.service, startup]) { [self] port in
            let token = gate.finishedValue?.token
            var start = ProcessStart(system: self, port: port, firstAdminToken: token, firstAdminTokenFile: token == nil ? nil : tokenFile,
                                     masterKeyFile: gate.finishedValue?.keyFile)
            if gate.finishedValue?.owner == true { start.firstOwnerFile = ownerFile }
            await onServerRunning(start)
        }
        // The server binds once the database is ready: a request never meets a schema being migrated.
        app.beforeServerStarts { _ = try await gate.value() }
        return app
    }

    /// The HTTP application of the role's routes running `services`.
    func application(hostname: String, port: Int, registry: PrometheusCollectorRegistry?, services: [any Service],
                     onServerRunning: @escaping @Sendable (Int) async -> Void) -> Application<RouterResponder<AppRequestContext>> {
        let limits = ConnectionLimits(settings: settings.edge)
        return Application(
            router: makeRouter(registry: registry),
            server: limits.server,
            configuration: limits.configuration(address: .hostname(hostname, port: port), logger: logger),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
