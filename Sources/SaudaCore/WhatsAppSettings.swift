import Foundation

/// The default tenant's WhatsApp number on Wappi (`WAPPI_*`).
public struct WhatsAppSettings: Sendable, Hashable {
    /// `WAPPI_TOKEN`: the API token (raw, as the cabinet shows it).
    public var token: String
    /// `WAPPI_PROFILE_ID`.
    public var profileID: String
    /// `WAPPI_BASE_URL`, default `https://wappi.pro`.
    public var baseURL: String
    /// `WAPPI_WEBHOOK_SECRET`: the random path segment of the webhook URL.
    public var webhookSecret: String
    /// `WAPPI_HUMAN_PAUSE_MINUTES`: how long the bot stays silent in a chat after the owner wrote in it from the phone.
    public var humanPauseMinutes: Int
    /// `WAPPI_SENDS_PER_MINUTE`: most messages the number sends in a minute; default 20, the earlier gateway's limit.
    public var sendsPerMinute: Int = 20
    /// `WAPPI_INBOUND`: `polling` (the default; the earlier gateway polled) or `webhook`.
    public var inbound: Inbound = .polling
    /// `POLLING_INTERVAL`: seconds between polls.
    public var pollingIntervalSeconds: Int = 5

    /// How customer messages come in.
    public enum Inbound: String, Sendable, Hashable, Codable {
        /// Sauda asks Wappi for new messages every `POLLING_INTERVAL`.
        case polling
        /// Wappi posts them to `/webhooks/wappi/{tenant}/{secret}`.
        case webhook
    }

    /// Creates settings.
    public init(token: String, profileID: String, baseURL: String = "https://wappi.pro", webhookSecret: String, humanPauseMinutes: Int = 60) {
        self.token = token
        self.profileID = profileID
        self.baseURL = baseURL
        self.webhookSecret = webhookSecret
        self.humanPauseMinutes = humanPauseMinutes
    }

    static func load(_ reader: inout Reader) -> WhatsAppSettings? {
        let token = reader.string("WAPPI_TOKEN")
        let profile = reader.string("WAPPI_PROFILE_ID")
        let secret = reader.string("WAPPI_WEBHOOK_SECRET")
        let baseURL = reader.url("WAPPI_BASE_URL") ?? "https://wappi.pro"
        let pause = reader.int("WAPPI_HUMAN_PAUSE_MINUTES", in: 1...100_000) ?? 60
        let perMinute = reader.int("WAPPI_SENDS_PER_MINUTE", in: 1...10_000) ?? 20
        let interval = reader.int("POLLING_INTERVAL", in: 1...3600) ?? 5
        var inbound = Inbound.polling
        if let raw = reader.string("WAPPI_INBOUND") {
            if let value = Inbound(rawValue: raw.lowercased()) { inbound = value } else { reader.fail("WAPPI_INBOUND", "expected polling or webhook", raw) }
        }
        guard token != nil || profile != nil || secret != nil else { return nil }
        guard let token else { reader.fail("WAPPI_TOKEN", "required with WAPPI_PROFILE_ID (the API token from the Wappi cabinet)", ""); return nil }
        guard let profile else { reader.fail("WAPPI_PROFILE_ID", "required with WAPPI_TOKEN (the profile id, like e10f170a-f36a)", ""); return nil }
        guard let secret, secret.count >= 16, secret.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            reader.fail("WAPPI_WEBHOOK_SECRET", "required with WAPPI_TOKEN: at least 16 letters, digits, '-' or '_' (it goes in the webhook URL)",
                        secret.map { String(repeating: "*", count: $0.count) } ?? "")
            return nil
        }
        var settings = WhatsAppSettings(token: token, profileID: profile, baseURL: baseURL, webhookSecret: secret, humanPauseMinutes: pause)
        settings.sendsPerMinute = perMinute
        settings.inbound = inbound
        settings.pollingIntervalSeconds = interval
        return settings
    }
}
