/// A messaging channel through which customers reach a business.
public enum Channel: String, Sendable, Codable, Hashable, CaseIterable {
    /// WhatsApp through the Wappi gateway.
    case whatsapp
    /// A Telegram bot.
    case telegram
    /// The chat window on the business's own web site.
    case webchat

    /// Whether a customer here can have a phone number: a web chat visitor has a session, not a phone (the session
    /// id only addresses the reply).
    public var knowsPhoneNumbers: Bool { self != .webchat }
}
