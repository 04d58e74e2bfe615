import Foundation
import SaudaCore

extension BusinessData {
    /// The name of the export format, its first key.
    public static let exportFormat = "sauda.business-export"
    /// The version of the export format.
    public static let exportVersion = 1
    /// The size of the pieces an export is written in, in bytes.
    static let exportPiece = 256 * 1024

    /// Writes every row of the business in every table as one JSON document, in pieces of a few hundred kilobytes:
    /// `{"format", "version", "tenant_id", "schema_version", "exported_at", "tables": {table: [row, …], …}}`, each row
    /// an object of its columns, moments in ISO 8601. Every business table is listed, an empty one as `[]`.
    /// The rows are read from one snapshot (SQLite's read transaction; PostgreSQL's repeatable read).
    /// - Throws: ``BusinessDataError/unknownTenant(_:)``, ``BusinessDataError/unscopedTable(_:)``, the store's error, or
    ///   what `write` throws.
    public func export(tenantID: String, now: Date = Date(), to write: (Data) async throws -> Void) async throws {
        try await database.read { sql in
            let snapshot = sql.dialect == .postgres
            if snapshot { try await sql.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") }
            do {
                try await exportRows(tenantID: tenantID, now: now, sql, to: write)
                if snapshot { try await sql.query("COMMIT") }
            } catch {
                if snapshot { _ = try? await sql.query("ROLLBACK") }
                throw error
            }
        }
    }

    /// The whole document in memory (``export(tenantID:now:to:)``).
    public func export(tenantID: String, now: Date = Date()) async throws -> Data {
        var document = Data()
        try await export(tenantID: tenantID, now: now) { document.append($0) }
        return document
    }

    private func exportRows(tenantID: String, now: Date, _ sql: any SQLConnection, to write: (Data) async throws -> Void) async throws {
        guard try await TenantRepository(sql).find(id: tenantID) != nil else { throw BusinessDataError.unknownTenant(tenantID) }
        let plan = try BusinessTablePlan(try await SchemaCatalog.tables(sql))
        let version = try await sql.query("SELECT MAX(version) AS v FROM schema_migrations").first?.optionalInt("v") ?? 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.exportPiece + 64 * 1024)
        ExportJSON.append(raw: "{\"format\":", to: &buffer)
        ExportJSON.append(string: Self.exportFormat, to: &buffer)
        ExportJSON.append(raw: ",\"version\":\(Self.exportVersion),\"tenant_id\":", to: &buffer)
        ExportJSON.append(string: tenantID, to: &buffer)
        ExportJSON.append(raw: ",\"schema_version\":\(version),\"exported_at\":", to: &buffer)
        ExportJSON.append(string: ISO8601.format(now), to: &buffer)
        ExportJSON.append(raw: ",\"tables\":{", to: &buffer)
        for (index, entry) in plan.tables.sorted(by: { $0.table.name < $1.table.name }).enumerated() {
            let (table, scope) = (entry.table, entry.scope)
            ExportJSON.append(raw: index > 0 ? ",\n" : "\n", to: &buffer)
            ExportJSON.append(string: table.name, to: &buffer)
            ExportJSON.append(raw: ":[", to: &buffer)
            let condition = scope.condition(tenantID: tenantID)
            // Every column in the order, so pages never overlap, whatever keys a table has.
            let order = (1...max(table.columns.count, 1)).map(String.init).joined(separator: ", ")
            var offset = 0
            while true {
                let rows = try await sql.query("""
                    SELECT * FROM \(SQLIdentifier.quote(table.name)) WHERE \(condition.sql) ORDER BY \(order) \
                    LIMIT \(Self.exportPage) OFFSET \(offset)
                    """, condition.binds)
                for (rowIndex, row) in rows.enumerated() {
                    ExportJSON.append(raw: offset + rowIndex > 0 ? ",\n" : "\n", to: &buffer)
                    ExportJSON.append(row: row, table: table.name, to: &buffer)
                    if buffer.count >= Self.exportPiece {
                        try await write(Data(buffer))
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
                offset += rows.count
                if rows.count < Self.exportPage { break }
            }
            ExportJSON.append(raw: "]", to: &buffer)
        }
        ExportJSON.append(raw: "\n}}\n", to: &buffer)
        try await write(Data(buffer))
    }
}
