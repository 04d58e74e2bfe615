import Foundation
import SaudaCore
import SaudaStore

/// What a business sets for one Telegram bot: the JSON `settings` of its `channel_connections` row (`provider`
/// `telegram`). The bot's token and its webhook secret (Telegram's `secret_token`) are the connection's sealed secrets
/// ``tokenSecret`` and ``webhookSecretName``, never here.
public struct TelegramConnectionSettings: Sendable, Codable, Hashable {
    /// The name of the connection's secret that holds the bot's token.
    public static let tokenSecret = "token"
    /// The name of the connection's secret that Telegram sends back in `X-Telegram-Bot-Api-Secret-Token`.
    public static let webhookSecretName = "webhook_secret"

    /// How updates come in.
    public enum Inbound: String, Sendable, Codable, Hashable, CaseIterable {
        /// Telegram posts them to `{PUBLIC_URL}/webhooks/telegram/{public id}` (Sauda registers the address).
        case webhook
        /// One process of the installation asks for them (`getUpdates`), holding the connection's poll lease.
        case polling
    }

    /// The bot's user id (the digits before the token's colon), as `getMe` confirmed it.
    public var botID: Int64
    /// The bot's username, without the `@`.
    public var username: String
    /// The Bot API root: `https://api.telegram.org`, or a local Bot API server.
    public var baseURL: String
    /// How updates come in.
    public var inbound: Inbound
    /// How long the bot stays silent in a chat after the owner wrote in it (Telegram Business).
    public var humanPauseMinutes: Int
    /// Whether Business Mode is on for the bot (`getMe`'s `can_connect_to_business`): owners can connect it to their account.
    public var canConnectToBusiness: Bool

    /// Creates settings.
    public init(botID: Int64, username: String, baseURL: String = TelegramSettings.defaultBaseURL, inbound: Inbound = .polling,
                humanPauseMinutes: Int = 60, canConnectToBusiness: Bool = false) {
        self.botID = botID
        self.username = username
        self.baseURL = baseURL
        self.inbound = inbound
        self.humanPauseMinutes = humanPauseMinutes
        self.canConnectToBusiness = canConnectToBusiness
    }

    enum CodingKeys: String, CodingKey {
        case botID = "bot_id", username, baseURL = "base_url", inbound, humanPauseMinutes = "human_pause_minutes"
        case canConnectToBusiness = "can_connect_to_business"
    }

    /// Reads a row's settings.
    public static func decode(_ json: String) throws -> TelegramConnectionSettings {
        try JSONDecoder().decode(TelegramConnectionSettings.self, from: Data(json.utf8))
    }

    /// The settings as a row keeps them (compact, keys sorted).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The connection of the bot `botID` among `connections`, when one is (a bot has one connection in the installation:
    /// Telegram gives it one reader).
    public static func connection(ofBot botID: Int64, among connections: [ChannelConnection]) -> ChannelConnection? {
        connections.first { $0.provider == .telegram && (try? decode($0.settings))?.botID == botID }
    }

    /// The webhook address of the connection whose public id is `publicID`, under the server's public address.
    public static func webhookURL(publicURL: String, publicID: String) -> String {
        "\(publicURL)/webhooks/telegram/\(publicID)"
    }

    /// A new webhook secret: 48 characters of Telegram's `secret_token` alphabet.
    public static func newWebhookSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<48).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
