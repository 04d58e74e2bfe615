import SaudaCRM

/// Where a business's Airtable leads table is: the base and the table (its id or name), and the field that holds
/// Sauda's idempotency key (the upsert's merge field).
public struct AirtableSettings: Sendable, Hashable {
    /// The API root, `https://api.airtable.com/v0` unless a test points elsewhere.
    public var baseURL: String
    /// The base id (`app…`).
    public var baseID: String
    /// The table id (`tbl…`) or name.
    public var table: String
    /// The field that holds Sauda's key of each row (a single-line text field).
    public var keyField: String

    /// Creates settings.
    public init(baseURL: String = "https://api.airtable.com/v0", baseID: String, table: String, keyField: String = "Sauda ID") {
        self.baseURL = baseURL
        self.baseID = baseID
        self.table = table
        self.keyField = keyField
    }
}
