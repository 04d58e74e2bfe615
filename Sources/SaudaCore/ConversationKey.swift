/// Identifies one conversation: a chat of one tenant on one channel.
///
/// All messages with the same key are handled by one worker at a time, in arrival order.
public struct ConversationKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The tenant (business) the conversation belongs to.
    public var tenantID: String
    /// The channel of the conversation.
    public var channel: Channel
    /// The provider's chat id (`79115576362@c.us`, a Telegram chat id, a web-chat session).
    public var chatID: String

    /// Creates a key.
    public init(tenantID: String, channel: Channel, chatID: String) {
        self.tenantID = tenantID
        self.channel = channel
        self.chatID = chatID
    }

    /// The key as one string, used as the queue's partition key.
    public var description: String { "\(tenantID)/\(channel.rawValue)/\(chatID)" }
}
