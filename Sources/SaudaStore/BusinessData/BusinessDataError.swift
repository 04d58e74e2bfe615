/// Why an export or a deletion of a business's data was refused.
public enum BusinessDataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No business has this id.
    case unknownTenant(String)
    /// The business has no contact with this id.
    case unknownContact(tenantID: String, contactID: Int64)
    /// The default business holds the installation's own setup and is never deleted.
    case defaultTenant
    /// A table has neither a `tenant_id` column nor a foreign key to a table that leads to a business, and is not
    /// one of the installation's own tables: nobody has decided whose rows it holds.
    case unscopedTable(String)

    public var description: String {
        switch self {
        case .unknownTenant(let id): "unknown tenant «\(id)»"
        case .unknownContact(let tenantID, let contactID): "tenant «\(tenantID)» has no contact \(contactID)"
        case .defaultTenant: "the default tenant «default» cannot be deleted: it holds the installation's own setup"
        case .unscopedTable(let name):
            "table «\(name)» has no tenant_id column and no foreign key leading to one: it cannot be exported or deleted by business"
        }
    }
}
