import Hummingbird

extension HTTPFields.Element.Name {
    /// `X-Request-Id`: the id of a request in its log lines, taken from the caller or made up, and echoed in the response.
    static let requestID = named("X-Request-Id")
    /// `X-Accel-Buffering`: `no` keeps a proxy (nginx) from buffering a server-sent event stream.
    static let accelBuffering = named("X-Accel-Buffering")
    /// `Sec-Fetch-Site`: where the browser says a request comes from.
    static let secFetchSite = named("Sec-Fetch-Site")
    /// `Last-Event-ID`: the last event an `EventSource` saw before it reconnected.
    static let lastEventID = named("Last-Event-ID")
    /// `X-Frame-Options`.
    static let frameOptions = named("X-Frame-Options")
    /// `Referrer-Policy`.
    static let referrerPolicy = named("Referrer-Policy")
    /// `X-Forwarded-Proto`: the scheme the client used, as a proxy in front says.
    static let forwardedProto = named("X-Forwarded-Proto")
    /// `X-Forwarded-For`: the addresses a request came through, as the proxies in front say.
    static let xForwardedFor = named("X-Forwarded-For")
    /// `X-Telegram-Bot-Api-Secret-Token`: the secret Telegram sends back with every webhook delivery of a bot.
    static let telegramSecretToken = named("X-Telegram-Bot-Api-Secret-Token")

    /// The field name of a literal written in this file; every literal here is a valid token, which the tests check.
    private static func named(_ literal: String) -> Self {
        guard let name = Self(literal) else { preconditionFailure("«\(literal)» is not a valid HTTP field name") }
        return name
    }
}
