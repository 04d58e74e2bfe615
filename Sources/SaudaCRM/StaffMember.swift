/// A person of the business a booking can be with (a master, a doctor, a manager).
public struct StaffMember: Sendable, Hashable, Codable {
    /// The CRM's id of them.
    public var id: String
    /// Their name.
    public var name: String
    /// What they do (`Мастер`, `Стоматолог`), when the CRM says.
    public var role: String?

    /// Creates a member.
    public init(id: String, name: String, role: String? = nil) {
        self.id = id
        self.name = name
        self.role = role
    }
}
