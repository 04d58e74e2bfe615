import Foundation
import Logging
import SaudaStore

/// The engines a contract test runs on: SQLite always, PostgreSQL when `SAUDA_TEST_POSTGRES_URL` names a
/// server (the test script starts one on loopback and sets it).
public enum DatabaseKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// The engines available in this run.
    public static var available: [DatabaseKind] {
        ProcessInfo.processInfo.environment["SAUDA_TEST_POSTGRES_URL"]?.isEmpty == false ? [.sqlite, .postgres] : [.sqlite]
    }
}

/// A logger that only reports problems, for tests.
public let testLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = ProcessInfo.processInfo.environment["SAUDA_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    return logger
}()

/// A scratch directory removed when the test ends.
public func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sauda-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

/// Runs `body` with a fresh, migrated database of the given kind: a new SQLite file, or a new
/// PostgreSQL database created on the test server and dropped afterwards.
public func withTestDatabase<T: Sendable>(_ kind: DatabaseKind, migrate: Bool = true,
                                          _ body: @Sendable (any Database) async throws -> T) async throws -> T {
    switch kind {
    case .sqlite:
        return try await withTemporaryDirectory { directory in
            let database = try SQLiteDatabase(path: directory.appendingPathComponent("test.sqlite").path, durability: .normal)
            if migrate {
                try await Migrator(database: database, logger: testLogger).migrate()
                try await Migrator(database: database, logger: testLogger).ensureDefaultTenant(name: "Тест", timeZone: "Asia/Almaty")
            }
            let result = try await body(database)
            await database.close()
            return result
        }
    case .postgres:
        guard let url = ProcessInfo.processInfo.environment["SAUDA_TEST_POSTGRES_URL"],
              var components = URLComponents(string: url) else {
            throw StoreError(.unavailable, "SAUDA_TEST_POSTGRES_URL is not set")
        }
        let name = "sauda_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        components.path = "/\(name)"
        let testURL = components.string ?? url
        let admin = try PostgresDatabase(url: url, maximumConnections: 2, logger: testLogger)
        return try await withPool(admin) {
            try await admin.read { sql in try await sql.query("CREATE DATABASE \(name)") }
            let database = try PostgresDatabase(url: testURL, maximumConnections: 8, logger: testLogger)
            let result = try await withPool(database) {
                if migrate {
                    try await Migrator(database: database, logger: testLogger).migrate()
                    try await Migrator(database: database, logger: testLogger).ensureDefaultTenant(name: "Тест", timeZone: "Asia/Almaty")
                }
                return try await body(database)
            }
            try await admin.read { sql in try await sql.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
            return result
        }
    }
}

/// Runs `body` while a PostgreSQL pool runs: `body` starts once the pool's `run()` has been called, since PostgresNIO
/// does not promise to serve a lease asked for before it.
public func withPool<T: Sendable>(_ database: PostgresDatabase, _ body: @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            await database.runPool()
            return nil
        }
        defer { group.cancelAll() }
        await database.waitUntilRunning()
        return try await body()
    }
}
