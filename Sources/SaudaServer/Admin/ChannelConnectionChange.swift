import SaudaCore

/// A new channel connection, or a change to one, as the admin API, the console and `sauda channel` ask for it: each
/// field given sets its value, each field left `nil` keeps it (or takes its default on a new connection). A WhatsApp
/// connection takes the fields of ``wappiFields``, a web-chat widget those of ``widgetFields``; both take `name` and
/// `state`. ``ChannelConnectionEditor`` refuses a field of the other provider, naming it.
public struct ChannelConnectionChange: Sendable, Hashable {
    /// The connection's name within the business (trimmed of the spaces around it).
    public var name: String?
    /// `active` or `paused`.
    public var state: String?

    // MARK: WhatsApp (Wappi)

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
    /// A new API token (write-only: sealed, never shown again).
    public var token: String?
    /// Whether to make a new webhook secret (the old webhook address stops working).
    public var rotateWebhookSecret: Bool

    // MARK: Web-chat widget

    /// The sites whose pages may use the widget (at least one; stored as browsers write `Origin`).
    public var allowedOrigins: [String]?
    /// The name the widget shows; an empty text shows the business's name again.
    public var displayName: String?
    /// The colour of the button and the header, `#RRGGBB`.
    public var accentColor: String?
    /// The first words a visitor reads; an empty text shows the language's usual greeting again.
    public var greeting: String?
    /// `right` or `left`.
    public var position: String?
    /// `ru`, `kk` or `en`.
    public var language: String?

    /// The fields only a WhatsApp connection takes, as the API names them.
    public static let wappiFields: Set<String> = ["profile_id", "base_url", "inbound", "polling_interval_seconds", "sends_per_minute",
                                                  "human_pause_minutes", "token", "rotate_webhook_secret"]
    /// The fields only a web-chat widget takes, as the API names them.
    public static let widgetFields: Set<String> = ["allowed_origins", "display_name", "accent_color", "greeting", "position", "language"]

    /// Creates a change.
    public init(name: String? = nil, profileID: String? = nil, baseURL: String? = nil, inbound: String? = nil,
                pollingIntervalSeconds: Int? = nil, sendsPerMinute: Int? = nil, humanPauseMinutes: Int? = nil, state: String? = nil,
                token: String? = nil, rotateWebhookSecret: Bool = false, allowedOrigins: [String]? = nil, displayName: String? = nil,
                accentColor: String? = nil, greeting: String? = nil, position: String? = nil, language: String? = nil) {
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
        self.allowedOrigins = allowedOrigins
        self.displayName = displayName
        self.accentColor = accentColor
        self.greeting = greeting
        self.position = position
        self.language = language
    }

    /// Whether it changes nothing.
    public var isEmpty: Bool { self == ChannelConnectionChange() }

    /// The names of the fields it sets, as the API names them (for the log; never their values).
    public var fieldNames: [String] {
        let fields: [(String, Bool)] = [
            ("name", name != nil), ("profile_id", profileID != nil), ("base_url", baseURL != nil), ("inbound", inbound != nil),
            ("polling_interval_seconds", pollingIntervalSeconds != nil), ("sends_per_minute", sendsPerMinute != nil),
            ("human_pause_minutes", humanPauseMinutes != nil), ("state", state != nil), ("token", token != nil),
            ("rotate_webhook_secret", rotateWebhookSecret), ("allowed_origins", allowedOrigins != nil), ("display_name", displayName != nil),
            ("accent_color", accentColor != nil), ("greeting", greeting != nil), ("position", position != nil), ("language", language != nil),
        ]
        return fields.filter { $0.1 }.map { $0.0 }
    }

    /// The fields it sets that a connection of `provider` does not take, each as a problem naming it.
    public func foreignFields(for provider: ChannelProvider) -> [ConnectionProblem] {
        let foreign: Set<String>
        let reason: String
        switch provider {
        case .wappi: (foreign, reason) = (Self.widgetFields, "is a web-chat widget's field; a WhatsApp connection does not take it")
        case .webchat: (foreign, reason) = (Self.wappiFields, "is a WhatsApp connection's field; a web-chat widget does not take it")
        case .telegram:
            (foreign, reason) = (Self.widgetFields.union(Self.wappiFields).subtracting(ChannelConnectionEditor.telegramFields),
                                 "is not a field of a Telegram bot's connection")
        }
        return fieldNames.filter(foreign.contains).map { ConnectionProblem(field: $0, reason: reason) }
    }
}
