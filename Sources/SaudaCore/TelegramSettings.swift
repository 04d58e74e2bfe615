import Foundation

/// The default business's first Telegram bot (`TELEGRAM_*`), connected on start like the number of `WAPPI_*`.
public struct TelegramSettings: Sendable, Hashable {
    /// `TELEGRAM_BOT_TOKEN`: the token @BotFather gave, `<bot id>:<secret>`.
    public var botToken: String
    /// `TELEGRAM_BASE_URL`: the Bot API root, default `https://api.telegram.org` (a local Bot API server or the
    /// simulator otherwise).
    public var baseURL: String
    /// `TELEGRAM_HUMAN_PAUSE_MINUTES`: how long the bot stays silent in a chat after the owner wrote in it.
    public var humanPauseMinutes: Int

    /// The real Bot API's root.
    public static let defaultBaseURL = "https://api.telegram.org"

    /// Creates settings.
    public init(botToken: String, baseURL: String = TelegramSettings.defaultBaseURL, humanPauseMinutes: Int = 60) {
        self.botToken = botToken
        self.baseURL = baseURL
        self.humanPauseMinutes = humanPauseMinutes
    }

    /// The bot's id: the digits before the colon of a well-formed token; `nil` for a token of another form.
    public static func botID(ofToken token: String) -> Int64? {
        let parts = token.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 15, parts[0].allSatisfy(\.isASCII), let id = Int64(parts[0]), id > 0,
              (20...100).contains(parts[1].count),
              parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        return id
    }

    static func load(_ reader: inout Reader) -> TelegramSettings? {
        let baseURL = reader.url("TELEGRAM_BASE_URL") ?? defaultBaseURL
        let pause = reader.int("TELEGRAM_HUMAN_PAUSE_MINUTES", in: 1...100_000) ?? 60
        guard let token = reader.string("TELEGRAM_BOT_TOKEN") else { return nil }
        guard botID(ofToken: token) != nil else {
            reader.fail("TELEGRAM_BOT_TOKEN", "expected the token @BotFather gave: the bot's id, a colon and 20–100 letters, digits, '-' or '_'",
                        String(repeating: "*", count: min(token.count, 12)))
            return nil
        }
        return TelegramSettings(botToken: token, baseURL: baseURL, humanPauseMinutes: pause)
    }
}
