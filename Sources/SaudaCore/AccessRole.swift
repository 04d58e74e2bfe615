/// What an API token may do. Each role includes the ones below it.
public enum AccessRole: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    /// Reads: statistics, conversations, calls, follow-ups, logs.
    case viewer
    /// Also steers conversations: takes a chat over from the bot, writes as the business, hands it back.
    case `operator`
    /// Also changes settings: whitelist, knowledge base, tokens.
    case admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }

    public static func < (lhs: AccessRole, rhs: AccessRole) -> Bool { lhs.rank < rhs.rank }
}
