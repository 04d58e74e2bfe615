import Foundation
import SaudaChannelTelegram
import SaudaChannelWappi
import SaudaCore
import SaudaStore

/// Telegram bots: a connection is made by pasting the bot's token, which Telegram must confirm (`getMe`); the bot's id
/// and username are stored with it, the token sealed with a new webhook secret. A bot is connected once in the
/// installation (Telegram gives one reader per bot), and a new token must be of the same bot (its chats are keyed by it).
extension ChannelConnectionEditor {
    /// The fields a Telegram connection takes, as the API names them.
    public static let telegramFields: Set<String> = ["token", "base_url", "inbound", "human_pause_minutes", "rotate_webhook_secret"]

    /// Makes a Telegram connection: `name` and `token` required, `base_url`, `inbound` and `human_pause_minutes` optional.
    func createTelegram(_ change: ChannelConnectionChange, tenantID: String, now: Date) async throws -> Saved {
        var problems: [ConnectionProblem] = []
        if change.name == nil { problems.append(ConnectionProblem(field: "name", reason: "is required")) }
        if change.token == nil { problems.append(ConnectionProblem(field: "token", reason: "is required: the token @BotFather gave")) }
        problems += await addressProblems(change)
        var settings = TelegramConnectionSettings(botID: 0, username: "", inbound: publicURLKnown ? .webhook : .polling)
        let (name, state) = Self.common(change, of: nil, problems: &problems)
        try Self.applyTelegram(change, to: &settings, problems: problems)
        let bot = try await confirmBot(token: change.token ?? "", baseURL: settings.baseURL, connectionID: nil)
        settings.botID = bot.id
        settings.username = bot.username
        settings.canConnectToBusiness = bot.canConnectToBusiness
        let connection = ChannelConnection(id: ChannelConnection.newID(for: .telegram), tenantID: tenantID, provider: .telegram, name: name,
                                           publicID: ChannelConnection.newPublicID(), settings: settings.json, state: state ?? .active,
                                           createdAt: now, updatedAt: now)
        let webhookSecret = TelegramConnectionSettings.newWebhookSecret()
        let sealer = secrets
        let botID = bot.id
        let details = try await database.transaction { sql -> ChannelConnectionDetails in
            // Again inside the transaction: two requests with the same token must not both connect the bot.
            if TelegramConnectionSettings.connection(ofBot: botID, among: try await ChannelConnectionRepository(sql).all().map(\.connection)) != nil {
                throw Refusal.invalid(InvalidConnection([ConnectionProblem(field: "token", reason: "@\(bot.username) is connected already")]))
            }
            guard try await ChannelConnectionRepository(sql).add(connection) else { throw Refusal.duplicateName(name) }
            try await Self.seal(change.token, webhookSecret: webhookSecret, of: connection, in: sql, sealer: sealer, now: now)
            return try await ChannelConnectionDetails.read(connection, in: sql)
        }
        // Telegram's secret_token is sent back in a header, never in the address: nothing to show.
        return Saved(details: details, newWebhookSecret: nil)
    }

    /// Applies `change` to a Telegram connection's settings (the name and state are ``common(_:of:problems:)``'s).
    /// - Throws: ``Refusal/invalid(_:)`` naming every field that breaks its rule (with `problems` found before).
    static func applyTelegram(_ change: ChannelConnectionChange, to settings: inout TelegramConnectionSettings,
                              problems found: [ConnectionProblem]) throws(Refusal) {
        var problems = found
        if let baseURL = change.baseURL {
            if let problem = WappiConnectionRules.baseURLProblem(baseURL) {
                problems.append(ConnectionProblem(field: "base_url", reason: problem))
            } else {
                settings.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            }
        }
        if let inbound = change.inbound {
            if let chosen = TelegramConnectionSettings.Inbound(rawValue: inbound.lowercased()) {
                settings.inbound = chosen
            } else {
                problems.append(ConnectionProblem(field: "inbound", reason: "must be webhook or polling"))
            }
        }
        if let minutes = change.humanPauseMinutes {
            if (1...100_000).contains(minutes) {
                settings.humanPauseMinutes = minutes
            } else {
                problems.append(ConnectionProblem(field: "human_pause_minutes", reason: "must be from 1 to 100000"))
            }
        }
        if let token = change.token, TelegramSettings.botID(ofToken: token) == nil {
            problems.append(ConnectionProblem(field: "token", reason: "is not a bot token: the bot's id, a colon and 20–100 letters, digits, '-' or '_'"))
        }
        guard problems.isEmpty else { throw .invalid(InvalidConnection(problems)) }
    }

    /// The bot a token belongs to, as Telegram confirms it; refused when Telegram refuses the token, when the bot is
    /// connected already (another connection than `connectionID`), or when it is not the connection's own bot.
    func confirmBot(token: String, baseURL: String, connectionID: String?, expectedBotID: Int64? = nil) async throws -> TelegramClient.Bot {
        let bot: TelegramClient.Bot
        do {
            bot = try await telegramBots(baseURL, token)
        } catch {
            let reason = error.kind == .unauthorized ? "Telegram refused it (\(error.message)): copy the token again from @BotFather"
                : "Telegram could not be asked at \(baseURL): \(error.message)"
            throw Refusal.invalid(InvalidConnection([ConnectionProblem(field: "token", reason: reason)]))
        }
        if let expectedBotID, bot.id != expectedBotID {
            throw Refusal.invalid(InvalidConnection([ConnectionProblem(
                field: "token", reason: "is the token of @\(bot.username), not of this connection's bot: connect that bot as a new connection")]))
        }
        let others = try await database.read { sql in try await ChannelConnectionRepository(sql).all() }
        if let taken = TelegramConnectionSettings.connection(ofBot: bot.id, among: others.map(\.connection).filter { $0.id != connectionID }) {
            throw Refusal.invalid(InvalidConnection([ConnectionProblem(
                field: "token", reason: "@\(bot.username) is connected already (as «\(taken.name)»): a bot has one connection in the installation")]))
        }
        return bot
    }

    /// Applies `change` to a Telegram connection inside its update's transaction: a new token was confirmed before it
    /// (``update(_:id:tenantID:now:)``), so only the rules are checked here.
    static func applyTelegramUpdate(_ change: ChannelConnectionChange, to connection: ChannelConnection) throws(Refusal)
        -> (name: String, settings: String, state: ConnectionState?) {
        var problems: [ConnectionProblem] = []
        let (name, state) = common(change, of: connection, problems: &problems)
        var settings = (try? TelegramConnectionSettings.decode(connection.settings)) ?? TelegramConnectionSettings(botID: 0, username: "")
        try applyTelegram(change, to: &settings, problems: problems)
        return (name, settings.json, state)
    }

    /// The owners' accounts connected to a Telegram bot's connection (Telegram Business), newest first.
    public func businessAccounts(connectionID: String) async throws -> [BusinessAccount] {
        try await database.read { sql in try await BusinessAccountRepository(sql).list(connectionID: connectionID) }
    }
}
