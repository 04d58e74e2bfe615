/// Why a follow-up chain started (stored in `follow_ups.stop_reason` while the chain runs; the touches' prompt
/// speaks of it).
public enum FollowUpStartReason: String, Sendable, Codable, CaseIterable {
    /// The client has not answered the bot's reply yet.
    case noReply = "no_reply"
    /// The client answered unsure («Подумаю», «Не знаю»).
    case unsureAnswer = "unsure_answer"
}
