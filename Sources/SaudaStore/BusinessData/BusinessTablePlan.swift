/// Every table of the live schema with how a business's rows are found in it, in an order where a table comes before
/// every table it refers to (children before parents: the order of deletion).
public struct BusinessTablePlan: Sendable {
    /// Tables of the installation itself, which hold no business's rows (the applied migrations).
    /// `accounts` are people, who may belong to several businesses: a business's export and deletion take its
    /// `memberships` (and its sessions in `api_tokens`), not the accounts themselves.
    public static let installationTables: Set<String> = ["schema_migrations", "accounts"]

    /// The business tables with their scopes, children before parents; `tenants` is last.
    public let tables: [(table: SchemaTable, scope: TenantScope)]

    /// Plans the tables.
    /// - Throws: ``BusinessDataError/unscopedTable(_:)`` for a table no business can be found in.
    public init(_ schema: [SchemaTable]) throws(BusinessDataError) {
        let business = schema.filter { !Self.installationTables.contains($0.name) }
        var scopes: [String: TenantScope] = [:]
        for table in business {
            if table.name == "tenants" { scopes[table.name] = .tenantRow } else if table.has("tenant_id") { scopes[table.name] = .tenantColumn }
        }
        // Tables reached through their parents: repeat until no table gains a scope.
        var changed = true
        while changed {
            changed = false
            for table in business where scopes[table.name] == nil {
                for key in table.foreignKeys where key.parentTable != table.name {
                    guard let parentScope = scopes[key.parentTable] else { continue }
                    scopes[table.name] = .parent(column: key.column, parentTable: key.parentTable, parentColumn: key.parentColumn,
                                                 parentScope: parentScope)
                    changed = true
                    break
                }
            }
        }
        if let lost = business.first(where: { scopes[$0.name] == nil }) { throw .unscopedTable(lost.name) }
        tables = Self.childrenFirst(business).compactMap { table in scopes[table.name].map { (table: table, scope: $0) } }
    }

    /// The tables ordered so that each comes before the tables it refers to; a cycle (none in this schema) keeps
    /// name order for the tables in it.
    static func childrenFirst(_ tables: [SchemaTable]) -> [SchemaTable] {
        let names = Set(tables.map(\.name))
        // A table may go once no table still waiting refers to it.
        var waiting = tables.sorted { $0.name < $1.name }
        var ordered: [SchemaTable] = []
        while !waiting.isEmpty {
            let referred = Set(waiting.flatMap { table in
                table.foreignKeys.map(\.parentTable).filter { $0 != table.name && names.contains($0) }
            })
            let free = waiting.filter { !referred.contains($0.name) }
            let next = free.isEmpty ? waiting : free
            ordered += next
            let taken = Set(next.map(\.name))
            waiting.removeAll { taken.contains($0.name) }
        }
        return ordered
    }
}
