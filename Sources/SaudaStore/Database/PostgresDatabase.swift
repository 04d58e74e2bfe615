import Foundation
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// PostgreSQL through a PostgresNIO connection pool.
///
/// - Important: the pool serves queries only while ``run()`` runs: add this database to the
///   service group before every service that uses it.
public final class PostgresDatabase: Database, Service {
    public let dialect = SQLDialect.postgres
    let client: PostgresClient
    private let logger: Logger
    /// Whether the pool was started, and who waits for that.
    private let started = Mutex<(running: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Creates a pool for a `postgres://user:pass@host:port/db` URL (`?sslmode=disable|prefer|require`).
    /// - Throws: ``StoreError`` when the URL cannot be read.
    public init(url: String, maximumConnections: Int = 10, logger: Logger) throws(StoreError) {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw StoreError(.unavailable, "DATABASE_URL is not a valid postgres:// URL")
        }
        let sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "require", "verify-full", "verify-ca": tls = .require(.makeClientConfiguration())
        case "prefer": tls = .prefer(.makeClientConfiguration())
        default: tls = .disable
        }
        let database = components.path.split(separator: "/").first.map(String.init)
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 1
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// Runs the pool until the calling task is cancelled.
    public func runPool() async {
        markRunning()
        await client.run()
    }

    /// Keeps the pool running until the service group shuts down.
    public func run() async throws {
        markRunning()
        await withTaskCancellationOrGracefulShutdownHandler {
            await client.run()
        } onCancelOrGracefulShutdown: {}
    }

    /// Returns once the pool was started (``run()`` or ``runPool()`` called), so that a first query started
    /// beside the pool does not come before it (PostgresNIO warns about a lease before `run()`).
    public func waitUntilRunning() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let running = started.withLock { state in
                if !state.running { state.waiters.append(continuation) }
                return state.running
            }
            if running { continuation.resume() }
        }
    }

    private func markRunning() {
        let waiters = started.withLock { state in
            state.running = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    public func read<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await body(PostgresSQLConnection(connection: connection, logger: logger))
            }
        } catch let error as PSQLError {
            throw PostgresSQLConnection.translate(error)
        }
    }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                let actions = CommitActions()
                let sql = PostgresSQLConnection(connection: connection, logger: logger, commitActions: actions)
                try await sql.query("BEGIN")
                do {
                    let result = try await body(sql)
                    try await sql.query("COMMIT")
                    actions.run()
                    return result
                } catch {
                    _ = try? await sql.query("ROLLBACK")
                    throw error
                }
            }
        } catch let error as PSQLError {
            throw PostgresSQLConnection.translate(error)
        }
    }

    public func close() async {}
}

/// Runs statements on one leased PostgreSQL connection, numbering `?` placeholders.
struct PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection
    let logger: Logger
    /// The transaction's actions for after its commit; `nil` outside a transaction.
    var commitActions: CommitActions?
    var dialect: SQLDialect { .postgres }

    func afterCommit(_ action: @escaping @Sendable () -> Void) {
        if let commitActions { commitActions.add(action) } else { action() }
    }

    static func numberPlaceholders(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var counter = 0
        var inQuote = false
        for character in sql {
            if character == "'" { inQuote.toggle() }
            if character == "?", !inQuote {
                counter += 1
                result += "$\(counter)"
            } else {
                result.append(character)
            }
        }
        return result
    }

    static func translate(_ error: PSQLError) -> StoreError {
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? "\(error.code)"
        if state == "23505" { return StoreError(.conflict, message) }
        if error.serverInfo == nil { return StoreError(.unavailable, "PostgreSQL: \(error.code)") }
        return StoreError(.statement, "PostgreSQL \(state): \(message)")
    }

    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws(StoreError) -> [SQLRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .int(let int): bindings.append(int)
            case .double(let double): bindings.append(double)
            case .text(let text): bindings.append(text)
            case .bool(let bool): bindings.append(bool)
            case .date(let date): bindings.append(date)
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.numberPlaceholders(sql), binds: bindings)
        do {
            let sequence = try await connection.query(query, logger: logger)
            var rows: [SQLRow] = []
            var names: [String]?
            for try await row in sequence {
                var values: [SQLValue] = []
                var columnNames: [String] = []
                for cell in row {
                    if names == nil { columnNames.append(cell.columnName) }
                    values.append(Self.value(of: cell))
                }
                if names == nil { names = columnNames }
                rows.append(SQLRow(columns: names ?? columnNames, values: values))
            }
            return rows
        } catch let error as PSQLError {
            throw Self.translate(error)
        } catch {
            throw StoreError(.statement, "\(error)")
        }
    }

    static func value(of cell: PostgresCell) -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid: return (try? cell.decode(Int64.self)).map(SQLValue.int) ?? .null
        case .float4, .float8, .numeric: return (try? cell.decode(Double.self)).map(SQLValue.double) ?? .null
        case .bool: return (try? cell.decode(Bool.self)).map(SQLValue.bool) ?? .null
        case .timestamptz, .timestamp, .date: return (try? cell.decode(Date.self)).map(SQLValue.date) ?? .null
        default: return (try? cell.decode(String.self)).map(SQLValue.text) ?? .null
        }
    }
}
