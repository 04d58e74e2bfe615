import Foundation
import SaudaStore

/// Everything an operator sees of one conversation.
public struct ConversationDetail: Sendable {
    /// The contact with its status, confidence and reasoning.
    public var contact: Contact
    /// The operator who took the chat over, while the bot is paused by one.
    public var pausedBy: String?
    /// What the client told about themselves (need, budget, city…).
    public var leadDetails: [String: String]
    /// The messages, oldest first.
    public var messages: [StoredMessage]
    /// The agent's tool calls, oldest first.
    public var toolCalls: [ToolCallRecord]
    /// The agent's model calls with their tokens, oldest first.
    public var modelCalls: [ModelUsageRecord]
    /// The running follow-up chain.
    public var followUp: FollowUp?
    /// Booked calls still ahead.
    public var calls: [ScheduledCall]
    /// The open operator alerts ("needs a human"), newest first.
    public var alerts: [StoredAlert] = []
    /// The contact's most recently changed lead, when the agent captured one.
    public var lead: Lead? = nil
    /// The CRM's ids of the contact's records (the contact, its leads, notes and bookings).
    public var crmLinks: [CRMLink] = []
    /// The CRM's outbox rows of the contact's records.
    public var crmSyncs: [CRMSync] = []

    /// Whether the bot is silent in this chat now.
    public func isPaused(at now: Date = Date()) -> Bool { (contact.botPausedUntil ?? .distantPast) > now }
}
