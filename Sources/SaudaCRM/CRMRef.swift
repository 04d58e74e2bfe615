/// A record in a CRM: its kind as the adapter names it (`contact`, `lead`, `record`, `row`) and its id there.
public struct CRMRef: Sendable, Hashable, Codable {
    /// The kind of record.
    public var kind: String
    /// The CRM's id of it.
    public var id: String

    /// Creates a reference.
    public init(kind: String, id: String) {
        self.kind = kind
        self.id = id
    }
}
