/// What a business's CRM connection slot holds, as an adapter is made from it: the address, the credentials (opened
/// from their seal), the field mapping and the CRM's own settings. Each adapter module reads the parts it needs and
/// throws ``CRMError/notConfigured(reason:)`` naming the part that is missing or wrong.
public struct CRMConnectionConfig: Sendable, Hashable {
    /// The business.
    public var tenantID: String
    /// The CRM's address (`CRM_BASE_URL`): an API root, a portal, Bitrix24's inbound webhook without its code.
    public var baseURL: String
    /// The credentials as stored (`CRM_API_KEY`): a key, a token, or a JSON object of several.
    public var credentials: String
    /// Sauda's field → the CRM's field.
    public var fieldMapping: [String: String]
    /// The CRM's own settings (`CRM_SETTINGS`): a company id, a pipeline, a table, an OData object.
    public var settings: [String: String]

    /// Creates a configuration.
    public init(tenantID: String, baseURL: String, credentials: String, fieldMapping: [String: String] = [:],
                settings: [String: String] = [:]) {
        self.tenantID = tenantID
        self.baseURL = baseURL
        self.credentials = credentials
        self.fieldMapping = fieldMapping
        self.settings = settings
    }
}

/// Where an adapter puts credentials it renewed (amoCRM's OAuth refresh gives a new access and refresh token, and the
/// old refresh token stops working), so they are sealed back into the business's slot before they are used.
public protocol CRMCredentialsStore: Sendable {
    /// Seals `credentials` (in the same form the slot holds them) as the business's CRM credentials.
    func storeRenewedCredentials(_ credentials: String) async throws(CRMError)
}
