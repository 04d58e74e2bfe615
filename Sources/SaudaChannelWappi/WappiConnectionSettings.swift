import Foundation
import SaudaCore

/// What a business sets for one WhatsApp number on Wappi: the JSON `settings` of its `channel_connections` row
/// (`provider` `wappi`). The token and the webhook secret are the connection's sealed secrets ``tokenSecret`` and
/// ``webhookSecretName``, never here.
public struct WappiConnectionSettings: Sendable, Codable, Hashable {
    /// The name of the connection's secret that holds Wappi's API token.
    public static let tokenSecret = "token"
    /// The name of the connection's secret that holds its webhook secret (the last segment of its webhook address).
    public static let webhookSecretName = "webhook_secret"

    /// The profile id in the Wappi cabinet (`e10f170a-f36a`).
    public var profileID: String
    /// Wappi's API root, `https://wappi.pro` unless a compatible gateway is used.
    public var baseURL: String
    /// How customer messages come in: Wappi's webhook or Sauda polling Wappi.
    public var inbound: WhatsAppSettings.Inbound
    /// Seconds between polls when polling.
    public var pollingIntervalSeconds: Int
    /// Most messages the number sends in a minute.
    public var sendsPerMinute: Int
    /// How long the bot stays silent in a chat after the owner wrote in it from the phone.
    public var humanPauseMinutes: Int

    /// Creates settings; the defaults are those of `WAPPI_*` left unset.
    public init(profileID: String, baseURL: String = "https://wappi.pro", inbound: WhatsAppSettings.Inbound = .webhook,
                pollingIntervalSeconds: Int = 5, sendsPerMinute: Int = 20, humanPauseMinutes: Int = 60) {
        self.profileID = profileID
        self.baseURL = baseURL
        self.inbound = inbound
        self.pollingIntervalSeconds = pollingIntervalSeconds
        self.sendsPerMinute = sendsPerMinute
        self.humanPauseMinutes = humanPauseMinutes
    }

    enum CodingKeys: String, CodingKey {
        case profileID = "profile_id", baseURL = "base_url", inbound, pollingIntervalSeconds = "polling_interval_seconds"
        case sendsPerMinute = "sends_per_minute", humanPauseMinutes = "human_pause_minutes"
    }

    /// The settings of the environment's `WAPPI_*`, for the default business's first connection.
    public init(_ environment: WhatsAppSettings) {
        self.init(profileID: environment.profileID, baseURL: environment.baseURL, inbound: environment.inbound,
                  pollingIntervalSeconds: environment.pollingIntervalSeconds, sendsPerMinute: environment.sendsPerMinute,
                  humanPauseMinutes: environment.humanPauseMinutes)
    }
}
