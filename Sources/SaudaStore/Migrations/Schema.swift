import Foundation

/// The schema, written once with type tokens that each dialect fills in.
///
/// Every tenant-owned table carries `tenant_id`. Column names follow the earlier system's tables
/// (docs/compatibility.md); additions are named in the comments.
enum Schema {
    /// One migration: its version, its name, and its statements written with type tokens.
    typealias Migration = (version: Int, name: String, sql: String)

    /// Every migration, in the order of their versions; each concern keeps its own in a file of its own
    /// (`Schema+Conversations.swift`, `+Sales`, `+Businesses`, `+Channels`, `+CRM`).
    static let migrations: [Migration] = (conversationsMigrations + salesMigrations + businessesMigrations + channelsMigrations
                                          + crmMigrations).sorted { $0.version < $1.version }

    /// The statements of a migration for one dialect, in order.
    static func statements(_ sql: String, dialect: SQLDialect) -> [String] {
        let tokens: [String: String] = switch dialect {
        case .sqlite: ["{ID}": "INTEGER PRIMARY KEY AUTOINCREMENT", "{TS}": "REAL", "{BOOL}": "INTEGER",
                       "{FALSE}": "0", "{BIGINT}": "INTEGER", "{FLOAT}": "REAL"]
        case .postgres: ["{ID}": "BIGSERIAL PRIMARY KEY", "{TS}": "TIMESTAMPTZ", "{BOOL}": "BOOLEAN",
                         "{FALSE}": "FALSE", "{BIGINT}": "BIGINT", "{FLOAT}": "DOUBLE PRECISION"]
        }
        var text = sql
        for (token, replacement) in tokens { text = text.replacingOccurrences(of: token, with: replacement) }
        return text.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }
}
