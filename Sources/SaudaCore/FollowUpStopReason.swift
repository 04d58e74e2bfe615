/// Why a follow-up chain ended (stored in `follow_ups.stop_reason`: the earlier system's values plus
/// `human_takeover` and `not_a_client`, docs/compatibility.md).
public enum FollowUpStopReason: String, Sendable, Codable, CaseIterable {
    /// The client wrote again: the conversation goes on (a new chain starts after the bot's next reply).
    case clientResponded = "client_responded"
    /// The client said yes («Да», «Давайте»).
    case clientSaidYes = "client_said_yes"
    /// The client said no («Нет», «Не интересно»).
    case clientSaidNo = "client_said_no"
    /// All five touches went out.
    case completedFiveTouches = "completed_5_touches"
    /// An operator or the owner took over the chat.
    case humanTakeover = "human_takeover"
    /// The contact turned out not to be a client.
    case notAClient = "not_a_client"
    /// The channel refuses every message to the contact (they blocked the bot).
    case unreachable
}
