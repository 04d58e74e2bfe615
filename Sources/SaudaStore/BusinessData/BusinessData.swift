import Foundation
import SaudaCore

/// A business's data as a whole: exported as one JSON document, one contact's data removed on a personal-data
/// request, or the whole business removed.
///
/// The tables come from the live schema (``SchemaCatalog``), planned by ``BusinessTablePlan``: a table with
/// `tenant_id` is filtered on it, a table without one is reached through its foreign keys, and a table reached by
/// neither makes every operation fail with ``BusinessDataError/unscopedTable(_:)`` rather than be skipped.
public struct BusinessData: Sendable {
    let database: any Database

    /// Rows read per statement while exporting.
    static let exportPage = 2_000

    /// Works on `database`.
    public init(database: any Database) {
        self.database = database
    }

    /// Removes every row of the business from every table, children before parents, in one transaction.
    /// - Returns: the rows removed per table (tables without any are left out).
    /// - Throws: ``BusinessDataError/defaultTenant`` for the default business, ``BusinessDataError/unknownTenant(_:)``,
    ///   ``BusinessDataError/unscopedTable(_:)``, or the store's error (then nothing is removed).
    public func deleteBusiness(tenantID: String) async throws -> [String: Int] {
        guard tenantID != Tenant.defaultID else { throw BusinessDataError.defaultTenant }
        return try await database.transaction { sql in
            guard try await TenantRepository(sql).find(id: tenantID) != nil else { throw BusinessDataError.unknownTenant(tenantID) }
            let plan = try BusinessTablePlan(try await SchemaCatalog.tables(sql))
            var removed: [String: Int] = [:]
            for (table, scope) in plan.tables {
                let condition = scope.condition(tenantID: tenantID)
                let count = try await Self.delete(from: table.name, where: condition.sql, condition.binds, sql)
                if count > 0 { removed[table.name] = count }
            }
            return removed
        }
    }

    /// The number of the business's rows in every business table of the live schema, by table (0 included): what an
    /// export would hold and a deletion would remove.
    /// - Throws: ``BusinessDataError/unscopedTable(_:)`` or the store's error.
    public func rowCounts(tenantID: String) async throws -> [String: Int] {
        try await database.read { sql in
            let plan = try BusinessTablePlan(try await SchemaCatalog.tables(sql))
            var counts: [String: Int] = [:]
            for (table, scope) in plan.tables {
                let condition = scope.condition(tenantID: tenantID)
                let count = try await sql.query("SELECT COUNT(*) AS n FROM \(SQLIdentifier.quote(table.name)) WHERE \(condition.sql)",
                                                condition.binds).first?.optionalInt("n") ?? 0
                counts[table.name] = Int(count)
            }
            return counts
        }
    }

    /// Counts the rows a condition selects, then removes them.
    static func delete(from table: String, where condition: String, _ binds: [SQLValue],
                       _ sql: any SQLConnection) async throws(StoreError) -> Int {
        let name = SQLIdentifier.quote(table)
        let count = try await sql.query("SELECT COUNT(*) AS n FROM \(name) WHERE \(condition)", binds).first?.optionalInt("n") ?? 0
        guard count > 0 else { return 0 }
        try await sql.query("DELETE FROM \(name) WHERE \(condition)", binds)
        return Int(count)
    }
}
