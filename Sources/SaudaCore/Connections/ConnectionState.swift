/// Where a connection of a business to a provider stands.
public enum ConnectionState: String, Sendable, Hashable, Codable, CaseIterable {
    /// In use.
    case active
    /// Switched off by the business's people; kept as it is.
    case paused
    /// In use, but its last call failed for a reason the business must fix (bad credentials); `last_error` says which.
    case failing
}
