import Foundation

/// How the rows of one table that belong to a business are found.
///
/// A table with `tenant_id` is filtered on it; the `tenants` table on its `id`. A table without `tenant_id` is reached
/// through its first foreign key to a table that is itself reached (recursively), as `column IN (SELECT parent_column
/// FROM parent WHERE …)`: its rows belong to the business that owns their parent rows.
public indirect enum TenantScope: Sendable, Hashable {
    /// `tenants.id`.
    case tenantRow
    /// A `tenant_id` column.
    case tenantColumn
    /// Through a foreign key to a parent table of this scope.
    case parent(column: String, parentTable: String, parentColumn: String, parentScope: TenantScope)

    /// The condition selecting the business's rows, with its binds.
    func condition(tenantID: String) -> (sql: String, binds: [SQLValue]) {
        switch self {
        case .tenantRow: return ("id = ?", [.text(tenantID)])
        case .tenantColumn: return ("tenant_id = ?", [.text(tenantID)])
        case .parent(let column, let parentTable, let parentColumn, let parentScope):
            let inner = parentScope.condition(tenantID: tenantID)
            return ("\(SQLIdentifier.quote(column)) IN (SELECT \(SQLIdentifier.quote(parentColumn)) FROM \(SQLIdentifier.quote(parentTable)) WHERE \(inner.sql))",
                    inner.binds)
        }
    }
}

/// Quoting of names that come from the schema.
enum SQLIdentifier {
    /// `"name"`, with inner quotes doubled (both engines).
    static func quote(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
