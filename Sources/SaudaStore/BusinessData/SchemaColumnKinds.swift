import Foundation

/// The moment and boolean columns, as the migrations declare them (`{TS}`, `{BOOL}`). SQLite stores a moment as
/// epoch seconds and a boolean as an integer, so its declared type cannot tell a moment from a fraction: an export
/// reads the migrations to write each such value as ISO 8601 or `true`/`false`, as PostgreSQL's typed columns give.
enum SchemaColumnKinds {
    /// What a column holds, where the engine alone does not say.
    enum Kind: Sendable { case moment, boolean }

    /// `table` → `column` → kind, for every `{TS}` and `{BOOL}` column of every migration.
    static let declared: [String: [String: Kind]] = {
        var kinds: [String: [String: Kind]] = [:]
        for migration in Schema.migrations { scan(migration.sql, into: &kinds) }
        return kinds
    }()

    /// The kind of a column, or `nil` for one whose engine value is written as it is.
    static func kind(table: String, column: String) -> Kind? { declared[table]?[column] }

    private static func scan(_ sql: String, into kinds: inout [String: [String: Kind]]) {
        var table: String?
        for rawLine in sql.components(separatedBy: "\n") {
            let words = rawLine.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
            guard !words.isEmpty else { continue }
            if words.count >= 3, words[0] == "CREATE", words[1] == "TABLE" {
                table = words[2].trimmingCharacters(in: CharacterSet(charactersIn: "("))
                continue
            }
            // ALTER TABLE t ADD COLUMN c {TS}
            if words.count >= 7, words[0] == "ALTER", words[1] == "TABLE", words[3] == "ADD", words[4] == "COLUMN",
               let kind = kind(of: words[6]) {
                kinds[words[2], default: [:]][words[5]] = kind
                continue
            }
            if words[0].hasPrefix(")") { table = nil; continue }
            if let table, words.count >= 2, let kind = kind(of: words[1]) { kinds[table, default: [:]][words[0]] = kind }
        }
    }

    private static func kind(of token: String) -> Kind? {
        let token = token.trimmingCharacters(in: CharacterSet(charactersIn: ",;"))
        return token == "{TS}" ? .moment : token == "{BOOL}" ? .boolean : nil
    }
}
