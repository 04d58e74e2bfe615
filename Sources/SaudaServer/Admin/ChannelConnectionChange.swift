import SaudaCore

/// A new WhatsApp connection, or a change to one, as the admin API, the console and `sauda channel` ask for it: each
/// field given sets its value, each field left `nil` keeps it (or takes its default on a new connection).
public struct ChannelConnectionChange: Sendable, Hashable {
    /// The connection's name within the business (trimmed of the spaces around it).
    public var name: String?
    /// The profile id in the Wappi cabinet.
    public var profileID: String?
    /// Wappi's API root.
    public var baseURL: String?
    /// `webhook` or `polling`.
    public var inbound: String?
    /// Seconds between polls.
    public var pollingIntervalSeconds: Int?
    /// Most messages a minute.
    public var sendsPerMinute: Int?
    /// Minutes of the bot's silence after the owner wrote.
    public var humanPauseMinutes: Int?
    /// `active` or `paused`.
    public var state: String?
    /// A new API token (write-only: sealed, never shown again).
    public var token: String?
    /// Whether to make a new webhook secret (the old webhook address stops working).
    public var rotateWebhookSecret: Bool

    /// Creates a change.
    public init(name: String? = nil, profileID: String? = nil, baseURL: String? = nil, inbound: String? = nil,
                pollingIntervalSeconds: Int? = nil, sendsPerMinute: Int? = nil, humanPauseMinutes: Int? = nil, state: String? = nil,
                token: String? = nil, rotateWebhookSecret: Bool = false) {
        self.name = name
        self.profileID = profileID
        self.baseURL = baseURL
        self.inbound = inbound
        self.pollingIntervalSeconds = pollingIntervalSeconds
        self.sendsPerMinute = sendsPerMinute
        self.humanPauseMinutes = humanPauseMinutes
        self.state = state
        self.token = token
        self.rotateWebhookSecret = rotateWebhookSecret
    }

    /// Whether it changes nothing.
    public var isEmpty: Bool { self == ChannelConnectionChange() }

    /// The names of the fields it sets, as the API names them (for the log; never their values).
    public var fieldNames: [String] {
        var names: [String] = []
        if name != nil { names.append("name") }
        if profileID != nil { names.append("profile_id") }
        if baseURL != nil { names.append("base_url") }
        if inbound != nil { names.append("inbound") }
        if pollingIntervalSeconds != nil { names.append("polling_interval_seconds") }
        if sendsPerMinute != nil { names.append("sends_per_minute") }
        if humanPauseMinutes != nil { names.append("human_pause_minutes") }
        if state != nil { names.append("state") }
        if token != nil { names.append("token") }
        if rotateWebhookSecret { names.append("rotate_webhook_secret") }
        return names
    }
}
