/// What a CRM says of the account a connection opens, for the console's "check connection".
public struct CRMAccountInfo: Sendable, Hashable {
    /// The account's name or address as the CRM gives it (a portal, a base, a company).
    public var name: String
    /// What the adapter can do with this account.
    public var capabilities: Set<CRMCapability>

    /// Creates the information.
    public init(name: String, capabilities: Set<CRMCapability>) {
        self.name = name
        self.capabilities = capabilities
    }
}
