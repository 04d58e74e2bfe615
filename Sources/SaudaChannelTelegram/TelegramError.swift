import Foundation

/// A failed Bot API call, classified as Telegram's error envelope says (`error_code`, `description`, `parameters`).
public struct TelegramError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Kind: String, Sendable {
        /// The token was refused (401) or the bot is unknown (404): the connection needs its people.
        case unauthorized
        /// Flood control (429): try the same call again after ``TelegramError/retryAfter``.
        case rateLimited
        /// The recipient refuses the bot (403 `bot was blocked by the user`, `user is deactivated`, …).
        case blocked
        /// Another reader of the bot's updates (409: a webhook is set, another `getUpdates` runs).
        case conflict
        /// The request was refused for its content (400 and other 4xx): sending it again fails again.
        case rejected
        /// The call failed before an answer (network, timeout) or with a 5xx: it may work later, and may have gone out.
        case transient
        /// The answer is not the Bot API's envelope.
        case malformed
    }

    /// The kind.
    public var kind: Kind
    /// Telegram's `description`, or what went wrong.
    public var message: String
    /// The HTTP status / `error_code`, when an answer came.
    public var code: Int?
    /// The wait Telegram asks for (`parameters.retry_after`).
    public var retryAfter: Duration?
    /// Set when the request may have reached Telegram (a timeout after it was written): not to be sent again blindly.
    public var mayHaveArrived: Bool

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, code: Int? = nil, retryAfter: Duration? = nil, mayHaveArrived: Bool = false) {
        self.kind = kind
        self.message = message
        self.code = code
        self.retryAfter = retryAfter
        self.mayHaveArrived = mayHaveArrived
    }

    /// The text for logs and the message log.
    public var description: String { code.map { "Telegram \($0): \(message)" } ?? "Telegram: \(message)" }

    /// The error of a Bot API error envelope: `parameters.retry_after` first, then the code, as the official clients do.
    static func fromEnvelope(code: Int, description: String, retryAfter: Int?) -> TelegramError {
        if let retryAfter { return TelegramError(.rateLimited, description, code: code, retryAfter: .seconds(max(1, retryAfter))) }
        switch code {
        case 401, 404: return TelegramError(.unauthorized, description, code: code)
        case 403: return TelegramError(.blocked, description, code: code)
        case 409: return TelegramError(.conflict, description, code: code)
        case 429: return TelegramError(.rateLimited, description, code: code, retryAfter: .seconds(1))
        case 500...599: return TelegramError(.transient, description, code: code)
        default: return TelegramError(.rejected, description, code: code)
        }
    }
}
