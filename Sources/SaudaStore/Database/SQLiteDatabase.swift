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
        guard !readers.isEmpty else { return try await transaction(body) }
        let start = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        var chosen = readers[start % readers.count]
        for offset in 0..<readers.count where !readers[(start + offset) % readers.count].lock.isLocked {
            chosen = readers[(start + offset) % readers.count]
            break
        }
        let reader = chosen
        return try await reader.lock.withLock { try await body(SQLiteConnection(handle: reader.handle)) }
    }

    /// Runs `body` in a transaction with group commit: while other transactions wait for the writer,
    /// bodies run one after another inside one SQLite transaction, each in its own savepoint (a failing
    /// body rolls back only its own work), and a single `COMMIT` (one disk sync) ends the group. Every
    /// caller returns only after the commit that made its work durable.
    public func transaction<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T {
        await writerLock.lock()
        let epoch: UInt64
        let outcome: Result<T, any Error>
        do {
            guard !closed.load(ordering: .relaxed) else { throw StoreError(.closed, "database is closed") }
            epoch = try group.withLock { group throws(StoreError) -> UInt64 in
                if !group.open {
                    try writer.executeScript("BEGIN IMMEDIATE")
                    group.open = true
                    group.epoch &+= 1
                    group.size = 0
                }
                group.size += 1
                return group.epoch
            }
            try writer.executeScript("SAVEPOINT body")
        } catch {
            await finishGroupIfLast(waitingFor: nil)
            throw error
        }
        do {
            let value = try await body(SQLiteConnection(handle: writer))
            try writer.executeScript("RELEASE body")
            outcome = .success(value)
        } catch {
            try? writer.executeScript("ROLLBACK TO body")
            try? writer.executeScript("RELEASE body")
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let value):
            try await finishGroupIfLast(waitingFor: epoch)?.get()
            return value
        case .failure(let error):
            await finishGroupIfLast(waitingFor: nil)
            throw error
        }
    }

    private struct GroupState {
        var open = false
        var epoch: UInt64 = 0
        var size = 0
        var waiting: [CheckedContinuation<Result<Void, StoreError>, Never>] = []
    }

    private let group = Mutex(GroupState())
    private static let maximumGroupSize = 64

    /// Called by the writer-lock holder after its body: hands the open transaction to the next writer, or
    /// commits it and wakes every body of the group. With `waitingFor`, waits for that group's commit.
    @discardableResult
    private func finishGroupIfLast(waitingFor epoch: UInt64?) async -> Result<Void, StoreError>? {
        let handOver = group.withLock { $0.open && $0.size < Self.maximumGroupSize } && writerLock.hasWaiters
        if handOver {
            guard epoch != nil else {
                writerLock.unlock()
                return nil
            }
            return await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, StoreError>, Never>) in
                group.withLock { $0.waiting.append(continuation) }
                writerLock.unlock()
            }
        }
        let (wasOpen, waiting) = group.withLock { group -> (Bool, [CheckedContinuation<Result<Void, StoreError>, Never>]) in
            let result = (group.open, group.waiting)
            group.open = false
            group.waiting = []
            return result
        }
        var result: Result<Void, StoreError> = .success(())
        if wasOpen {
            do { try writer.executeScript("COMMIT") } catch {
                try? writer.executeScript("ROLLBACK")
                result = .failure(error)
            }
        }
        writerLock.unlock()
        for continuation in waiting { continuation.resume(returning: result) }
        return epoch == nil ? nil : result
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
