import Foundation
import SaudaChannelTelegram
import SaudaChannelWappi
import SaudaCore
import SaudaOutbound
import SaudaStore

/// Makes, changes and removes a business's channel connections (WhatsApp numbers, web-chat widgets), as the admin API,
/// the console and `sauda channel` do: a change is checked as a whole (every problem named by its field:
/// ``ChannelConnectionRules``, ``WappiConnectionRules``, `WebChatWidgetSettings`; a field of the other provider is
/// refused), the row and its sealed secrets (a WhatsApp connection's API token and webhook secret; a widget has none)
/// are written in one transaction, and the row's version moves so that the supervisor restarts what it runs for it.
public struct ChannelConnectionEditor: Sendable {
    /// Why a change was refused.
    public enum Refusal: Error, Sendable, Hashable {
        /// Fields that break their rules, each named.
        case invalid(InvalidConnection)
        /// The business has no connection of this id.
        case notFound(String)
        /// The business already has a connection of this name.
        case duplicateName(String)
        /// The connection is not a WhatsApp one, for a call only a WhatsApp connection answers (a check, a webhook).
        case notWhatsApp(ChannelProvider)
        /// The secrets cannot be sealed or opened (no master key), with the reason.
        case secretsUnavailable(String)
    }

    /// A connection as a save left it.
    public struct Saved: Sendable, Hashable {
        /// The connection and what may be shown of its secrets.
        public var details: ChannelConnectionDetails
        /// The webhook secret when the save made it (a new connection, a rotation): shown once, then never again.
        public var newWebhookSecret: String?
    }

    let database: any Database
    let secrets: SecretSealer
    /// Refuses a base URL that leads inside the installation's network (``ProviderAddressCheck``).
    let addresses: ProviderAddressCheck
    /// Asks Telegram who a token's bot is (`getMe` at the Bot API root given, waiting at most 10 s: a person waits for the
    /// answer).
    var telegramBots: @Sendable (_ baseURL: String, _ token: String) async throws(TelegramError) -> TelegramClient.Bot = { baseURL, token in
        try await TelegramClient(baseURL: baseURL, token: token, timeout: .seconds(10)).getMe()
    }
    /// Whether the installation has a public address (`PUBLIC_URL`): a new Telegram bot then receives by webhook.
    var publicURLKnown = false

    /// Creates an editor.
    /// - Parameter addresses: the check of the base URLs businesses give, with the installation's allow-list.
    public init(database: any Database, secrets: SecretSealer, addresses: ProviderAddressCheck) {
        self.database = database
        self.secrets = secrets
        self.addresses = addresses
    }

    /// Creates an editor whose address check follows the installation's settings (`OUTBOUND_ALLOWED_HOSTS`,
    /// `WAPPI_BASE_URL`), as the server's does.
    public init(database: any Database, secrets: SecretSealer, settings: SaudaSettings) {
        self.init(database: database, secrets: secrets, addresses: ProviderAddressCheck(policy: ChannelParts.outboundPolicy(settings)))
        publicURLKnown = settings.publicURL != nil
    }

    // MARK: Reading

    /// The business's connections, oldest first, with what may be shown of their secrets.
    public func list(tenantID: String) async throws -> [ChannelConnectionDetails] {
        try await database.read { sql in
            var result: [ChannelConnectionDetails] = []
            for connection in try await ChannelConnectionRepository(sql).list(tenantID: tenantID) {
                result.append(try await ChannelConnectionDetails.read(connection, in: sql))
            }
            return result
        }
    }

    /// One connection of the business.
    /// - Throws: ``Refusal/notFound(_:)``.
    public func details(tenantID: String, id: String) async throws -> ChannelConnectionDetails {
        let found = try await database.read { sql -> ChannelConnectionDetails? in
            guard let connection = try await ChannelConnectionRepository(sql).find(tenantID: tenantID, id: id) else { return nil }
            return try await ChannelConnectionDetails.read(connection, in: sql)
        }
        guard let found else { throw Refusal.notFound(id) }
        return found
    }

    // MARK: Writing

    /// Makes a connection of `provider`: a new id and public id. A WhatsApp connection needs `name`, `profileID` and
    /// `token` and gets a new webhook secret; a web-chat widget needs `name` and `allowedOrigins` (``createWidget(_:tenantID:now:)``).
    /// - Returns: the connection and, for WhatsApp, its webhook secret, to be shown once.
    /// - Throws: ``Refusal``, or what the database throws.
    public func create(_ change: ChannelConnectionChange, provider: ChannelProvider = .wappi, tenantID: String,
                       now: Date = Date()) async throws -> Saved {
        let foreign = change.foreignFields(for: provider)
        guard foreign.isEmpty else { throw Refusal.invalid(InvalidConnection(foreign)) }
        if provider == .webchat { return try await createWidget(change, tenantID: tenantID, now: now) }
        if provider == .telegram { return try await createTelegram(change, tenantID: tenantID, now: now) }
        var problems: [ConnectionProblem] = []
        if change.name == nil { problems.append(ConnectionProblem(field: "name", reason: "is required")) }
        if change.profileID == nil { problems.append(ConnectionProblem(field: "profile_id", reason: "is required")) }
        if change.token == nil { problems.append(ConnectionProblem(field: "token", reason: "is required")) }
        problems += await addressProblems(change)
        let (name, settings, state) = try Self.apply(change, to: nil, missing: problems)
        let connection = ChannelConnection(id: ChannelConnection.newID(for: .wappi), tenantID: tenantID, provider: .wappi,
                                           name: name, publicID: ChannelConnection.newPublicID(), settings: settings,
                                           state: state ?? .active, createdAt: now, updatedAt: now)
        let webhookSecret = Self.newWebhookSecret()
        let sealer = secrets
        let details = try await database.transaction { sql -> ChannelConnectionDetails in
            let repository = ChannelConnectionRepository(sql)
            guard try await repository.add(connection) else { throw Refusal.duplicateName(name) }
            try await Self.seal(change.token, webhookSecret: webhookSecret, of: connection, in: sql, sealer: sealer, now: now)
            return try await ChannelConnectionDetails.read(connection, in: sql)
        }
        return Saved(details: details, newWebhookSecret: webhookSecret)
    }

    /// Applies `change` to the business's connection `id` (a WhatsApp connection or a web-chat widget).
    /// - Returns: the connection after the save, and its new webhook secret when the change rotated it.
    /// - Throws: ``Refusal``, or what the database throws.
    public func update(_ change: ChannelConnectionChange, id: String, tenantID: String, now: Date = Date()) async throws -> Saved {
        let sealer = secrets
        let webhookSecret = change.rotateWebhookSecret ? Self.newWebhookSecret() : nil
        let refusedAddress = await addressProblems(change)
        if !refusedAddress.isEmpty { throw Refusal.invalid(InvalidConnection(refusedAddress)) }
        // A Telegram bot's new token is confirmed by Telegram before anything is written: the same bot, not taken.
        let current = try await database.read { sql in try await ChannelConnectionRepository(sql).find(tenantID: tenantID, id: id) }
        if let current, current.provider == .telegram, let token = change.token {
            let settings = (try? TelegramConnectionSettings.decode(current.settings)) ?? TelegramConnectionSettings(botID: 0, username: "")
            var changed = settings
            try Self.applyTelegram(change, to: &changed, problems: [])
            _ = try await confirmBot(token: token, baseURL: changed.baseURL, connectionID: id, expectedBotID: settings.botID)
        }
        let details = try await database.transaction { sql -> ChannelConnectionDetails in
            let repository = ChannelConnectionRepository(sql)
            guard var connection = try await repository.find(tenantID: tenantID, id: id) else { throw Refusal.notFound(id) }
            let foreign = change.foreignFields(for: connection.provider)
            guard foreign.isEmpty else { throw Refusal.invalid(InvalidConnection(foreign)) }
            let (name, settings, state) = switch connection.provider {
            case .webchat: try Self.applyWidget(change, to: connection)
            case .telegram: try Self.applyTelegramUpdate(change, to: connection)
            case .wappi: try Self.apply(change, to: connection)
            }
            if name != connection.name, try await repository.list(tenantID: tenantID).contains(where: { $0.name == name }) {
                throw Refusal.duplicateName(name)
            }
            // What may mend a failing connection (a new token, a new profile or address): the next call tells.
            let mends = change.token != nil || settings != connection.settings
            connection.name = name
            connection.settings = settings
            if let state { connection.state = state }
            if mends, state == nil, connection.state == .failing {
                connection.state = .active
                connection.lastError = nil
            }
            if connection.state != .failing { connection.lastError = nil }
            if connection.provider != .webchat {
                try await Self.seal(change.token, webhookSecret: webhookSecret, of: connection, in: sql, sealer: sealer, now: now)
            }
            guard let saved = try await repository.update(connection, now: now) else { throw Refusal.notFound(id) }
            return try await ChannelConnectionDetails.read(saved, in: sql)
        }
        // Telegram's secret is sent back in a header, never in an address: there is nothing to show of it.
        return Saved(details: details, newWebhookSecret: details.connection.provider == .telegram ? nil : webhookSecret)
    }

    /// Removes the business's connection `id` and its secrets.
    /// - Throws: ``Refusal/notFound(_:)``.
    public func remove(id: String, tenantID: String) async throws {
        let removed = try await database.transaction { sql in try await ChannelConnectionRepository(sql).remove(tenantID: tenantID, id: id) }
        guard removed else { throw Refusal.notFound(id) }
    }

    // MARK: Rules

    /// The base URL's problem when it leads inside the installation's network (checked before any transaction: it may
    /// ask the resolver).
    func addressProblems(_ change: ChannelConnectionChange) async -> [ConnectionProblem] {
        guard let baseURL = change.baseURL, WappiConnectionRules.baseURLProblem(baseURL) == nil,
              let problem = await addresses.problem(baseURL: baseURL) else { return [] }
        return [ConnectionProblem(field: "base_url", reason: problem)]
    }

    /// The name, settings JSON and state `change` makes of `connection` (a new one when `nil`).
    /// - Parameter missing: problems found before (required fields), reported with the others.
    /// - Throws: ``Refusal/invalid(_:)`` naming every field that breaks its rule.
    static func apply(_ change: ChannelConnectionChange, to connection: ChannelConnection?,
                      missing: [ConnectionProblem] = []) throws(Refusal) -> (name: String, settings: String, state: ConnectionState?) {
        var problems = missing
        let (name, state) = common(change, of: connection, problems: &problems)
        var settings = connection.flatMap { try? JSONDecoder().decode(WappiConnectionSettings.self, from: Data($0.settings.utf8)) }
            ?? WappiConnectionSettings(profileID: "")
        if let profileID = change.profileID { settings.profileID = profileID }
        if let baseURL = change.baseURL { settings.baseURL = baseURL }
        if let inbound = change.inbound {
            if let chosen = WappiConnectionRules.inbound(inbound) {
                settings.inbound = chosen
            } else {
                problems.append(ConnectionProblem(field: "inbound", reason: "must be webhook or polling"))
            }
        }
        if let seconds = change.pollingIntervalSeconds { settings.pollingIntervalSeconds = seconds }
        if let perMinute = change.sendsPerMinute { settings.sendsPerMinute = perMinute }
        if let minutes = change.humanPauseMinutes { settings.humanPauseMinutes = minutes }
        // A new connection's missing profile id is reported once, as required.
        problems += WappiConnectionRules.problems(in: settings).filter { problem in
            !(problem.field == "profile_id" && change.profileID == nil && connection == nil)
        }
        if let token = change.token, let problem = WappiConnectionRules.tokenProblem(token) {
            problems.append(ConnectionProblem(field: "token", reason: problem))
        }
        guard problems.isEmpty else { throw .invalid(InvalidConnection(problems)) }
        return (name, Self.json(settings), state)
    }

    /// The name and state `change` gives `connection` (a new one when `nil`), with their problems added to `problems`.
    static func common(_ change: ChannelConnectionChange, of connection: ChannelConnection?,
                       problems: inout [ConnectionProblem]) -> (name: String, state: ConnectionState?) {
        let name = change.name.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? connection?.name ?? ""
        if let given = change.name {
            // The length as given counts too: the spaces around a name are dropped, not a way past its limit.
            if let problem = ChannelConnectionRules.nameProblem(name)
                ?? (given.unicodeScalars.count > ChannelConnectionRules.maxNameLength ? "is longer than \(ChannelConnectionRules.maxNameLength) characters" : nil) {
                problems.append(ConnectionProblem(field: "name", reason: problem))
            }
        }
        var state: ConnectionState?
        if let text = change.state {
            state = ChannelConnectionRules.settableState(text)
            if state == nil { problems.append(ConnectionProblem(field: "state", reason: "must be active or paused")) }
        }
        return (name, state)
    }

    /// `settings` as the row keeps them: compact JSON, keys sorted.
    static func json(_ settings: WappiConnectionSettings) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(settings)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// A new webhook secret: 32 hex digits, too many to guess.
    static func newWebhookSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Seals a connection's token and webhook secret, when given: a WhatsApp connection's and a Telegram bot's alike (both
    /// providers name them `token` and `webhook_secret`, ``TelegramConnectionSettings`` as ``WappiConnectionSettings``).
    static func seal(_ token: String?, webhookSecret: String?, of connection: ChannelConnection, in sql: any SQLConnection,
                             sealer: SecretSealer, now: Date) async throws {
        let secrets = SecretRepository(sql)
        do {
            if let token {
                try await secrets.put(tenantID: connection.tenantID, name: connection.secretName(WappiConnectionSettings.tokenSecret),
                                      value: token, sealer: sealer, now: now)
            }
            if let webhookSecret {
                try await secrets.put(tenantID: connection.tenantID, name: connection.secretName(WappiConnectionSettings.webhookSecretName),
                                      value: webhookSecret, sealer: sealer, now: now)
            }
        } catch let error as SecretError {
            throw Refusal.secretsUnavailable(error.message)
        }
    }
}
