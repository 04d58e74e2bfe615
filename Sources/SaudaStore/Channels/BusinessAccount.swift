import Foundation

/// A personal account of someone of the business connected to a channel connection, so that Sauda answers customers in
/// that person's own chats (a Telegram Business connection of the owner's account to the business's bot).
public struct BusinessAccount: Sendable, Hashable {
    /// The channel connection (the bot) it is connected to.
    public var connectionID: String
    /// The business.
    public var tenantID: String
    /// The channel's id of the link (Telegram's `business_connection_id`).
    public var accountID: String
    /// The account owner's user id on the channel: their messages in a connected chat are theirs, not a customer's.
    public var ownerID: String
    /// The owner's name as the channel shows it.
    public var ownerName: String?
    /// Whether Sauda may reply in the owner's chats.
    public var canReply: Bool
    /// Whether the link stands (false once the owner disconnected the bot).
    public var enabled: Bool
    /// When it last changed.
    public var updatedAt: Date

    /// Creates an account link.
    public init(connectionID: String, tenantID: String, accountID: String, ownerID: String, ownerName: String?, canReply: Bool,
                enabled: Bool, updatedAt: Date) {
        self.connectionID = connectionID
        self.tenantID = tenantID
        self.accountID = accountID
        self.ownerID = ownerID
        self.ownerName = ownerName
        self.canReply = canReply
        self.enabled = enabled
        self.updatedAt = updatedAt
    }

    /// Whether Sauda answers in its chats now.
    public var answers: Bool { enabled && canReply }
}
