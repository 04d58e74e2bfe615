import Foundation
import Logging
import SaudaCore
import SaudaStore

/// Makes the installation's bot of `TELEGRAM_BOT_TOKEN` a channel connection of the default business.
///
/// On start, when `TELEGRAM_BOT_TOKEN` is set and no business has a connection of that bot yet, the token is
/// checked with `getMe` and a connection named «Telegram» (or «Telegram @username» when that name is taken) is made: it
/// polls unless `PUBLIC_URL` is set, its token and a new webhook secret sealed. From then on the row wins: it is edited
/// as every connection is.
public enum TelegramConnectionSeed {
    /// Why the bot could not be connected.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The reason, naming the variable.
        public var description: String
    }

    /// Makes the connection when it is due.
    /// - Returns: the connection made; `nil` when the business already has one of the bot (nothing is written).
    /// - Throws: ``Failure`` when Telegram refuses the token or cannot be reached; a store or secret error.
    @discardableResult
    public static func seed(_ environment: TelegramSettings, publicURL: String?, tenantID: String = Tenant.defaultID, database: any Database,
                            sealer: SecretSealer, client: TelegramClient? = nil, now: Date = Date()) async throws -> ChannelConnection? {
        guard let botID = TelegramSettings.botID(ofToken: environment.botToken) else {
            throw Failure(description: "TELEGRAM_BOT_TOKEN: not a bot token")
        }
        // A bot has one connection in the installation (Telegram gives it one reader), whichever business has it.
        let all = try await database.read { sql in try await ChannelConnectionRepository(sql).all() }.map(\.connection)
        if TelegramConnectionSettings.connection(ofBot: botID, among: all) != nil { return nil }
        let existing = all.filter { $0.tenantID == tenantID }
        let bot: TelegramClient.Bot
        do {
            bot = try await (client ?? TelegramClient(baseURL: environment.baseURL, token: environment.botToken)).getMe()
        } catch {
            throw Failure(description: "TELEGRAM_BOT_TOKEN: Telegram did not confirm the bot at \(environment.baseURL) (\(error))")
        }
        let settings = TelegramConnectionSettings(botID: bot.id, username: bot.username, baseURL: environment.baseURL,
                                                  inbound: publicURL == nil ? .polling : .webhook,
                                                  humanPauseMinutes: environment.humanPauseMinutes, canConnectToBusiness: bot.canConnectToBusiness)
        let name = existing.contains { $0.name == "Telegram" } ? "Telegram @\(bot.username)" : "Telegram"
        return try await database.transaction { sql -> ChannelConnection? in
            let connection = ChannelConnection(id: ChannelConnection.newID(for: .telegram), tenantID: tenantID, provider: .telegram, name: name,
                                               publicID: ChannelConnection.newPublicID(), settings: settings.json, createdAt: now, updatedAt: now)
            guard try await ChannelConnectionRepository(sql).add(connection) else { return nil }
            let secrets = SecretRepository(sql)
            _ = try await secrets.put(tenantID: tenantID, name: connection.secretName(TelegramConnectionSettings.tokenSecret),
                                      value: environment.botToken, sealer: sealer, now: now)
            _ = try await secrets.put(tenantID: tenantID, name: connection.secretName(TelegramConnectionSettings.webhookSecretName),
                                      value: TelegramConnectionSettings.newWebhookSecret(), sealer: sealer, now: now)
            return connection
        }
    }
}
