import Logging
import SaudaCore
import SaudaStore
import ServiceLifecycle

/// The configured database (`DATABASE_URL`) and what keeps it serving.
///
/// A process that runs a service group puts ``service`` first in it, so that graceful shutdown reaches the
/// database after every service that uses it: PostgreSQL's pool runs until then, SQLite is closed then.
/// A maintenance command that runs no service group uses ``withRunning(_:)`` instead.
public struct DatabaseParts: Sendable {
    /// The engine behind ``database``; which one decides the service, with no cast.
    enum Engine: Sendable {
        case sqlite(SQLiteDatabase)
        case postgres(PostgresDatabase)
    }

    let engine: Engine
    /// The first service of a group: PostgreSQL's pool (a ``PostgresDatabase`` runs it until graceful shutdown
    /// reaches it), or the ``DatabaseCloser`` of SQLite (closes the file then).
    public let service: any Service

    /// Opens the database at `location`: the SQLite file is opened now, PostgreSQL's pool connects once it runs.
    /// - Parameter durability: when an SQLite commit is synced (ignored for PostgreSQL).
    /// - Throws: ``StoreError`` when the database cannot be opened or the URL cannot be read.
    public init(_ location: DatabaseLocation, durability: SQLiteDatabase.Durability = .full, logger: Logger) throws(StoreError) {
        switch location {
        case .sqlite(let path):
            let sqlite = try SQLiteDatabase(path: path, durability: durability)
            engine = .sqlite(sqlite)
            service = DatabaseCloser(database: sqlite, logger: logger)
        case .postgres(let url):
            let postgres = try PostgresDatabase(url: url, logger: logger)
            engine = .postgres(postgres)
            service = postgres
        }
    }

    /// The database.
    public var database: any Database {
        switch engine {
        case .sqlite(let sqlite): sqlite
        case .postgres(let postgres): postgres
        }
    }

    /// Returns once the database can take queries: at once for SQLite, once ``service`` started the pool for
    /// PostgreSQL (for work that starts beside the pool).
    public func waitUntilServing() async {
        if case .postgres(let postgres) = engine { await postgres.waitUntilRunning() }
    }

    /// Runs `body` while the database serves queries, without a service group, then closes the database:
    /// PostgreSQL's pool runs in a child task that ends after `body`.
    ///
    /// - Important: the database can run once; do not also run ``service``.
    public func withRunning<T: Sendable>(_ body: @Sendable (any Database) async throws -> T) async throws -> T {
        switch engine {
        case .sqlite(let sqlite):
            let result: T
            do { result = try await body(sqlite) } catch {
                await sqlite.close()
                throw error
            }
            await sqlite.close()
            return result
        case .postgres(let postgres):
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    await postgres.runPool()
                    return nil
                }
                defer { group.cancelAll() }
                await postgres.waitUntilRunning()
                return try await body(postgres)
            }
        }
    }
}

/// Opens the database at `location`, runs `body` while it serves queries and closes it: for commands that need
/// the database and nothing else (no models, queues, sender or agent).
/// - Throws: ``StoreError`` when the database cannot be opened, or what `body` throws.
public func withDatabase<T: Sendable>(_ location: DatabaseLocation, logger: Logger,
                                      _ body: @Sendable (any Database) async throws -> T) async throws -> T {
    try await DatabaseParts(location, logger: logger).withRunning(body)
}
