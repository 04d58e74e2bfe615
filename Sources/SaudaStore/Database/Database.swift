import Logging

/// Which SQL engine a database speaks; the few statements that differ ask this.
public enum SQLDialect: String, Sendable, Hashable {
    /// SQLite 3 (the embedded default).
    case sqlite
    /// PostgreSQL 12 or newer.
    case postgres
}

extension SQLDialect {
    /// `false` as this engine writes it in SQL (a literal, where a bound value would make SQLite compare it with
    /// a partial index's condition and compile the statement again on every run).
    public var `false`: String { self == .sqlite ? "0" : "FALSE" }
    /// `true` as this engine writes it in SQL.
    public var `true`: String { self == .sqlite ? "1" : "TRUE" }
}

/// A connection (or a transaction on one) that runs statements.
///
/// Statements use `?` placeholders on both engines; the PostgreSQL implementation numbers them.
public protocol SQLConnection: Sendable {
    /// The engine.
    var dialect: SQLDialect { get }
    /// Runs a statement and returns its rows (empty for statements without `RETURNING`).
    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws(StoreError) -> [SQLRow]
    /// Runs `action` once the transaction this connection runs has committed (on SQLite, once its log is on disk),
    /// and never when it rolls back. Work outside the database that must match what was stored, such as a count
    /// of published messages, goes here: a body can run more than once. On a connection for reads, at once.
    func afterCommit(_ action: @escaping @Sendable () -> Void)
}

extension SQLConnection {
    /// Runs a statement without binds.
    @discardableResult
    public func query(_ sql: String) async throws(StoreError) -> [SQLRow] { try await query(sql, []) }
}

/// A database: SQLite or PostgreSQL behind one interface.
public protocol Database: Sendable {
    /// The engine.
    var dialect: SQLDialect { get }
    /// Runs `body` on a connection for reads (on SQLite a reader, concurrent with the writer, in one read transaction:
    /// its statements see one snapshot).
    func read<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T
    /// Runs `body` for reads of the message path (a turn's snapshot): like ``read(_:)``, one snapshot of committed
    /// data, but on SQLite on the writer's connection between its groups, whose page cache stays warm. A reader
    /// connection drops its whole page cache whenever another connection has committed, which on a busy path is
    /// before nearly every read, and reads the pages back from the log.
    /// - Important: keep the body to a few indexed statements; the writer waits while it runs. It cannot write.
    func readOnWriter<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) async throws -> T) async throws -> T
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// The body may run on another task (SQLite runs waiting transactions together), so it is `@Sendable`.
    /// - Important: keep the body to database work: on SQLite every other writer waits while it runs.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) async throws -> T) async throws -> T
    /// Closes every connection; later calls fail with ``StoreError/Code/closed``.
    func close() async
    /// Why the database accepts no more writes (a failed sync of SQLite's log), or `nil` while it does.
    var writeFailure: StoreError? { get }
}

extension Database {
    /// Engines that cannot stop accepting writes by themselves report none.
    public var writeFailure: StoreError? { nil }

    /// Engines without a writer connection of their own read as ``read(_:)`` does.
    public func readOnWriter<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await read(body)
    }
}

/// Bind placeholders for `IN (…)` lists.
enum SQLPlaceholders {
    /// `?, ?, ?` for `count` values.
    static func list(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
}
