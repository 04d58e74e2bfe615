/// A business served by this installation.
public struct Tenant: Sendable, Codable, Hashable {
    /// Id of the tenant created on first start.
    public static let defaultID = "default"

    /// Short id used in URLs (`/api/v1/webchat/{tenant}/…`).
    public var id: String
    /// The business's name, as the prompts call it.
    public var name: String
    /// IANA time zone of the business.
    public var timeZone: String

    /// Creates a tenant.
    public init(id: String, name: String, timeZone: String) {
        self.id = id
        self.name = name
        self.timeZone = timeZone
    }
}
