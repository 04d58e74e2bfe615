import Foundation
import SaudaCore

/// An operator alert as stored (`operator_alerts`).
public struct StoredAlert: Sendable, Hashable {
    /// Row id.
    public var id: Int64
    /// Tenant.
    public var tenantID: String
    /// The contact whose conversation needs a person.
    public var contactID: Int64
    /// The conversation's channel.
    public var channel: Channel
    /// The conversation's chat.
    public var chatID: String
    /// Why.
    public var reason: AlertReason
    /// The short text for the operator.
    public var summary: String
    /// When the turn stored it.
    public var createdAt: Date
    /// When an operator closed it; `nil` while open.
    public var resolvedAt: Date?
    /// Who closed it (the console token's name).
    public var resolvedBy: String?

    /// Whether it is still open.
    public var isOpen: Bool { resolvedAt == nil }

    /// The alert's conversation.
    public var key: ConversationKey { ConversationKey(tenantID: tenantID, channel: channel, chatID: chatID) }
}
