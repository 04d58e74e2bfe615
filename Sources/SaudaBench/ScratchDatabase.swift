import Foundation
import Logging
import SaudaCore
import SaudaServer
import SaudaStore

/// A database of one benchmark run's own, prepared as `serve` prepares its database and gone after the run: a temporary
/// SQLite file, or, given a PostgreSQL server, a database created on it (`CREATE DATABASE`: the URL's user needs that
/// right) and dropped afterwards. A run thus never meets an earlier run's conversations, message ids or queue rows (on a
/// reused database the web chat took an earlier run's message ids for repeats and answered them no more).
///
/// It is prepared before any Sauda system is built on it, through a connection of its own that runs while it works:
/// a PostgreSQL pool serves no query before it runs, so preparing through a system whose pool its service group has not
/// started yet waits for ever.
enum ScratchDatabase {
    /// Makes the database (on `server` when given, else a temporary SQLite file), migrates it, creates the default
    /// tenant and the businesses `tenants`, runs `body` with its location, then removes it.
    /// - Throws: ``BenchmarkError`` when the server's URL cannot be read, what the database throws, or what `body` throws.
    static func with<T: Sendable>(server: String?, tenants: [String], settings: SaudaSettings, logger: Logger,
                                  _ body: (DatabaseLocation) async throws -> T) async throws -> T {
        guard let server else {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sauda-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let location = DatabaseLocation.sqlite(path: directory.appendingPathComponent("bench.sqlite").path)
            try await prepare(location, tenants: tenants, settings: settings, logger: logger)
            return try await body(location)
        }
        let name = "sauda_bench_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())"
        guard var components = URLComponents(string: server), components.host != nil else {
            throw BenchmarkError(message: "\(server) is not a postgres:// URL")
        }
        components.path = "/\(name)"
        guard let url = components.string else { throw BenchmarkError(message: "no database URL can be made from \(server)") }
        try await administer(server, "CREATE DATABASE \(name)", logger: logger)
        let result: T
        do {
            let location = DatabaseLocation.postgres(url: url)
            try await prepare(location, tenants: tenants, settings: settings, logger: logger)
            result = try await body(location)
        } catch {
            try? await administer(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)", logger: logger)
            throw error
        }
        try await administer(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)", logger: logger)
        return result
    }

    /// Migrates the database at `location`, creates the default tenant (and its demo knowledge base) as `serve` does,
    /// and the businesses `tenants`.
    private static func prepare(_ location: DatabaseLocation, tenants: [String], settings: SaudaSettings, logger: Logger) async throws {
        try await withDatabase(location, logger: logger) { database in
            try await DatabasePreparation.prepare(database, settings: settings, demoShops: settings.demoShops, logger: logger)
            for id in tenants {
                _ = try await database.transaction { sql in
                    try await TenantRepository(sql).create(Tenant(id: id, name: id, timeZone: "Asia/Almaty"), now: Date())
                }
            }
        }
    }

    /// Runs one statement on the server's own database (`CREATE DATABASE` cannot run in a transaction).
    private static func administer(_ server: String, _ statement: String, logger: Logger) async throws {
        try await withDatabase(.postgres(url: server), logger: logger) { database in
            _ = try await database.read { sql in try await sql.query(statement) }
        }
    }
}
