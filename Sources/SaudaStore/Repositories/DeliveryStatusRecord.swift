import SaudaCore

/// What became of a provider's delivery status handed to
/// ``MessageLogRepository/recordDeliveryStatus(tenantID:channel:providerMessageID:status:keepingEarly:now:)``.
public enum DeliveryStatusRecord: Sendable, Hashable {
    /// The send's log entry and message took the status.
    case applied(key: ConversationKey, messageID: String)
    /// The send has this status or a later one already (a status never goes back).
    case unchanged
    /// The send is not recorded yet: the status waits for it.
    case keptEarly
    /// The send is not recorded and the status was not kept.
    case dropped
}
