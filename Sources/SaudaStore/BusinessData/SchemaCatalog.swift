/// Reads the live schema: SQLite from `sqlite_master` and the `table_info` / `foreign_key_list` pragmas, PostgreSQL
/// from `information_schema` (the current schema only). A table added by a later migration, or by hand, is listed
/// like any other, so code that walks a business's data never forgets one silently.
public enum SchemaCatalog {
    /// Every table, sorted by name.
    public static func tables(_ sql: any SQLConnection) async throws(StoreError) -> [SchemaTable] {
        switch sql.dialect {
        case .sqlite: try await sqliteTables(sql)
        case .postgres: try await postgresTables(sql)
        }
    }

    private static func sqliteTables(_ sql: any SQLConnection) async throws(StoreError) -> [SchemaTable] {
        let names = try await sql.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
            .map { row throws(StoreError) in try row.string("name") }
        var tables: [SchemaTable] = []
        for name in names {
            let info = try await sql.query("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", [.text(name)])
            let columns = try info.map { row throws(StoreError) in try row.string("name") }
            var keys: [SchemaForeignKey] = []
            for row in try await sql.query(#"SELECT "from", "table", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq"#, [.text(name)]) {
                let parent = try row.string("table")
                let column = try row.string("from")
                // `REFERENCES parent` without a column names the parent's primary key.
                var parentColumn = row.optionalString("to")
                if parentColumn == nil {
                    parentColumn = try await sql.query("SELECT name FROM pragma_table_info(?) WHERE pk = 1", [.text(parent)])
                        .first?.optionalString("name")
                }
                guard let parentColumn else { throw StoreError(.decoding, "the foreign key \(name).\(column) names no column") }
                keys.append(SchemaForeignKey(column: column, parentTable: parent, parentColumn: parentColumn))
            }
            tables.append(SchemaTable(name: name, columns: columns, foreignKeys: keys))
        }
        return tables
    }

    private static func postgresTables(_ sql: any SQLConnection) async throws(StoreError) -> [SchemaTable] {
        let names = try await sql.query("""
            SELECT table_name::text AS name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name
            """).map { row throws(StoreError) in try row.string("name") }
        var columns: [String: [String]] = [:]
        for row in try await sql.query("""
            SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns
            WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
            """) {
            columns[try row.string("table_name"), default: []].append(try row.string("column_name"))
        }
        // pg_constraint pairs each referring column with its referred one (information_schema's views cannot for
        // a key of several columns).
        var keys: [String: [SchemaForeignKey]] = [:]
        for row in try await sql.query("""
            SELECT child.relname::text AS child, child_column.attname::text AS child_column,
                   parent.relname::text AS parent, parent_column.attname::text AS parent_column
            FROM pg_constraint c
            CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(child_number, parent_number)
            JOIN pg_class child ON child.oid = c.conrelid
            JOIN pg_class parent ON parent.oid = c.confrelid
            JOIN pg_attribute child_column ON child_column.attrelid = c.conrelid AND child_column.attnum = k.child_number
            JOIN pg_attribute parent_column ON parent_column.attrelid = c.confrelid AND parent_column.attnum = k.parent_number
            WHERE c.contype = 'f' AND child.relnamespace = current_schema()::regnamespace
            ORDER BY child.relname, c.conname, k.child_number
            """) {
            keys[try row.string("child"), default: []].append(SchemaForeignKey(
                column: try row.string("child_column"), parentTable: try row.string("parent"), parentColumn: try row.string("parent_column")))
        }
        return names.map { SchemaTable(name: $0, columns: columns[$0] ?? [], foreignKeys: keys[$0] ?? []) }
    }
}
