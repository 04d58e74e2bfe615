/// Who carries a channel connection's messages: a provider module (Wappi for WhatsApp, the Bot API for Telegram) or Sauda itself (the web-chat
/// widget). A business may have many connections of each.
public enum ChannelProvider: String, Sendable, Codable, Hashable, CaseIterable {
    /// A WhatsApp number through the Wappi gateway.
    case wappi
    /// The chat widget a business pastes into its own site.
    case webchat
    /// A Telegram bot (the business's own, or connected to the owner's account through Telegram Business).
    case telegram

    /// The channel its customers write on.
    public var channel: Channel {
        switch self {
        case .wappi: .whatsapp
        case .webchat: .webchat
        case .telegram: .telegram
        }
    }
}
