import Foundation
import SaudaCore

/// A business's CRM connection slot: which CRM, where, how its fields map, and its state. The credentials are the
/// business's secret ``credentialsSecretName``, sealed; only their hint is here.
public struct CRMConnection: Sendable, Hashable {
    /// The name of the secret that holds the connection's credentials (an API key, a token, a user and password).
    public static let credentialsSecretName = "crm.credentials"

    /// The business.
    public var tenantID: String
    /// The CRM.
    public var type: CRMType
    /// The CRM's address: the account's API root (YCLIENTS, amoCRM, Airtable base, 1C's OData root) or the Bitrix24
    /// portal.
    public var baseURL: String
    /// How Sauda's fields map to the CRM's, as a JSON object (kept as the business wrote it, compact).
    public var fieldMapping: String
    /// The CRM's own settings (a company id, a pipeline, a table, an OData object), as a JSON object of texts.
    public var settings: String
    /// Active, paused or failing.
    public var state: ConnectionState
    /// Why it is failing, when it is.
    public var lastError: String?
    /// The credentials' hint, when credentials are stored.
    public var credentials: StoredSecret?
    /// When it was made.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a connection.
    public init(tenantID: String, type: CRMType, baseURL: String, fieldMapping: String = "{}", settings: String = "{}",
                state: ConnectionState = .active,
                lastError: String? = nil, credentials: StoredSecret? = nil, createdAt: Date, updatedAt: Date) {
        self.tenantID = tenantID
        self.type = type
        self.baseURL = baseURL
        self.fieldMapping = fieldMapping
        self.settings = settings
        self.state = state
        self.lastError = lastError
        self.credentials = credentials
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
