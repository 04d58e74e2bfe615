import Foundation

/// What may be shown of a stored secret: its name, a hint of its last characters, the key that sealed it and when it
/// was written. Never its value.
public struct StoredSecret: Sendable, Hashable, Codable {
    /// The secret's name within its business (`crm.credentials`, `wappi.token:<connection>`).
    public var name: String
    /// `…` and the last four characters for a value of twelve characters or more, `…` alone for a shorter one.
    public var hint: String
    /// The id of the master key that sealed it.
    public var keyID: String
    /// When it was written.
    public var updatedAt: Date

    /// Creates the description.
    public init(name: String, hint: String, keyID: String, updatedAt: Date) {
        self.name = name
        self.hint = hint
        self.keyID = keyID
        self.updatedAt = updatedAt
    }

    /// The hint of `value`: its last four characters when it is long enough that they give little away.
    public static func hint(of value: String) -> String {
        value.count >= 12 ? "…" + String(value.suffix(4)) : "…"
    }
}
