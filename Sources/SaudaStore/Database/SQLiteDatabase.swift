import Foundation
import Logging
import Synchronization

/// SQLite in WAL mode: one writer connection for transactions and a few reader connections that
/// run beside it.
public final class SQLiteDatabase: Database {
    /// How hard SQLite works to keep a committed transaction across a power cut.
    public enum Durability: String, Sendable {
        /// `synchronous=FULL`: every commit reaches the disk before it returns.
        case full
        /// `synchronous=NORMAL`: commits survive a crash of the process, the last ones may be lost on power loss.
        case normal
    }

    public let dialect = SQLDialect.sqlite
    private let writer: SQLiteHandle
    private let writerLock = AsyncLock()
    private let readers: [(handle: SQLiteHandle, lock: AsyncLock)]
    private let nextReader = Atomic<Int>(0)
    private let closed = Atomic<Bool>(false)

    /// Opens (and creates) the database file.
    /// - Parameters:
    ///   - path: file path; `:memory:` keeps it in memory with reads on the writer.
    ///   - durability: see ``Durability``.
    ///   - readers: reader connections beside the writer.
    /// - Throws: ``StoreError`` when the file cannot be opened.
    public init(path: String, durability: Durability = .full, readers readerCount: Int = 2) throws(StoreError) {
        if path != ":memory:" {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        writer = try SQLiteHandle(path: path, readOnly: false)
        try writer.executeScript("""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=\(durability == .full ? "FULL" : "NORMAL");
            PRAGMA foreign_keys=ON;
            """)
        var readers: [(SQLiteHandle, AsyncLock)] = []
        if path != ":memory:" {
            for _ in 0..<max(0, readerCount) {
                let reader = try SQLiteHandle(path: path, readOnly: true)
                readers.append((reader, AsyncLock()))
            }
        }
        self.readers = readers
    }

    public func read<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T {
        guard !closed.load(ordering: .relaxed) else { throw StoreError(.closed, "database is closed") }
        guard !readers.isEmpty else {
            return try await writerLock.withLock { try await body(SQLiteConnection(handle: writer)) }
        }
        let start = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        var chosen = readers[start % readers.count]
        for offset in 0..<readers.count where !readers[(start + offset) % readers.count].lock.isLocked {
            chosen = readers[(start + offset) % readers.count]
            break
        }
        let reader = chosen
        return try await reader.lock.withLock { try await body(SQLiteConnection(handle: reader.handle)) }
    }

    public func transaction<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T {
        try await writerLock.withLock {
            guard !closed.load(ordering: .relaxed) else { throw StoreError(.closed, "database is closed") }
            let connection = SQLiteConnection(handle: writer)
            try writer.executeScript("BEGIN IMMEDIATE")
            do {
                let result = try await body(connection)
                try writer.executeScript("COMMIT")
                return result
            } catch {
                try? writer.executeScript("ROLLBACK")
                throw error
            }
        }
    }

    public func close() async {
        await writerLock.withLock {
            guard !closed.exchange(true, ordering: .relaxed) else { return }
            for reader in readers { await reader.lock.withLock { reader.handle.close() } }
            writer.close()
        }
    }
}

/// A statement runner bound to one SQLite handle held under its lock.
struct SQLiteConnection: SQLConnection {
    let handle: SQLiteHandle
    var dialect: SQLDialect { .sqlite }

    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws(StoreError) -> [SQLRow] {
        try handle.execute(sql, binds)
    }
}
