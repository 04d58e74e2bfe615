/// What the messenger tells about a contact (`contact_info` of a queued message, ``ContactInfo``).
public struct ContactProfile: Sendable, Codable, Hashable {
    /// Name in the owner's contact book (`FirstName` / `PushName`).
    public var name: String?
    /// Full name (`FullName`).
    public var fullName: String?
    /// Business account name (`BusinessName`).
    public var businessName: String?

    /// Creates a profile.
    public init(name: String? = nil, fullName: String? = nil, businessName: String? = nil) {
        self.name = name
        self.fullName = fullName
        self.businessName = businessName
    }

    /// This profile with its missing fields taken from `other`.
    public func filling(from other: ContactProfile) -> ContactProfile {
        ContactProfile(name: name ?? other.name, fullName: fullName ?? other.fullName, businessName: businessName ?? other.businessName)
    }
}
