import Foundation
import Logging
import SaudaCore

/// Brings a database to the current schema and creates the default tenant on first start.
public struct Migrator: Sendable {
    let database: any Database
    let logger: Logger

    /// Creates a migrator.
    public init(database: any Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// The newest schema version this build knows.
    public static var latestVersion: Int { Schema.migrations.map(\.version).max() ?? 0 }

    /// Applies every migration not yet applied, each in its own transaction. Safe to run from several
    /// processes at once (PostgreSQL takes an advisory lock; SQLite serialises writers).
    /// - Returns: the versions applied now.
    @discardableResult
    public func migrate() async throws -> [Int] {
        let dialect = database.dialect
        let timestamp = dialect == .sqlite ? "REAL" : "TIMESTAMPTZ"
        try await database.transaction { sql in
            try await sql.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at \(timestamp) NOT NULL)
                """)
        }
        var applied: [Int] = []
        for migration in Schema.migrations {
            let didApply = try await database.transaction { sql -> Bool in
                if dialect == .postgres { try await sql.query("SELECT pg_advisory_xact_lock(7261001)") }
                let existing = try await sql.query("SELECT version FROM schema_migrations WHERE version = ?",
                                                   [.int(migration.version)])
                guard existing.isEmpty else { return false }
                for statement in Schema.statements(migration.sql, dialect: dialect) {
                    try await sql.query(statement)
                }
                try await sql.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                    [.int(migration.version), .text(migration.name), .date(Date())])
                return true
            }
            if didApply {
                applied.append(migration.version)
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            }
        }
        return applied
    }

    /// The three personal numbers the earlier system's whitelist held, which the bot must never answer.
    public static let seedWhitelist: [(phone: String, note: String)] = [
        ("77752837306", "Личный номер 1"), ("77018855588", "Личный номер 2"), ("77088098009", "Личный номер 3"),
    ]

    /// Creates the `default` tenant, with that whitelist, unless it exists.
    /// - Returns: whether it was created now.
    @discardableResult
    public func ensureDefaultTenant(name: String, timeZone: String) async throws -> Bool {
        try await database.transaction { sql in
            let now = Date()
            let created = try await sql.query(
                "INSERT INTO tenants (id, name, time_zone, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
                [.text(Tenant.defaultID), .text(name), .text(timeZone), .date(now)])
            guard !created.isEmpty else { return false }
            for entry in Self.seedWhitelist {
                try await sql.query("""
                    INSERT INTO whitelist (tenant_id, phone_number, note, added_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (tenant_id, phone_number) DO NOTHING
                    """, [.text(Tenant.defaultID), .text(entry.phone), .text(entry.note), .date(now)])
            }
            return true
        }
    }
}
