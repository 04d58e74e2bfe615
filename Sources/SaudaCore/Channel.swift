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

    /// Whether a customer here can send voice notes (the web chat takes text only), so that a text may have to
    /// wait behind a voice note of its chat.
    public var carriesVoiceNotes: Bool { self != .webchat }
}
