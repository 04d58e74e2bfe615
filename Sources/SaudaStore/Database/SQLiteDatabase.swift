import Foundation
import Logging
import SaudaCore
import Synchronization

/// SQLite in WAL mode: one writer connection for transactions and a few reader connections that
/// run beside it.
public final class SQLiteDatabase: Database {
    /// How hard SQLite works to keep a committed transaction across a power cut.
    public enum Durability: String, Sendable {
        /// Every commit reaches the disk before it returns: the log is synced by ``WALSyncer`` on its own thread
        /// (`fdatasync`) while the writer goes on, and checkpoints run on a connection of their own.
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
    private let rolledBackGroups = Atomic<Int>(0)
    /// The writer's own thread: its statements run there, not on the cooperative pool.
    private let writerThread: DedicatedThreadExecutor
    /// Syncs the log after each group (``Durability/full`` on a file); `nil` when commits are not synced.
    private let syncer: WALSyncer?
    /// Checkpoints beside the writer when the syncer is used.
    private let checkpointer: SQLiteCheckpointer?

    /// Page cache of each connection, as SQLite reads it: negative means KiB, here 32 MiB. SQLite's default
    /// (2 MiB) made the writer read pages back from the file (`pread`) on most transactions once the
    /// conversations outgrew it.
    static let cachePages = -32_768

    /// Groups rolled back since the database was opened because one of their bodies failed after writing (or SQLite
    /// dropped the transaction); the group's earlier bodies then ran a second time. Work refused before it writes,
    /// such as a message for a full queue, never counts here.
    public var groupsRolledBack: Int { rolledBackGroups.load(ordering: .relaxed) }

    /// Opens (and creates) the database file. Temporary storage is kept in memory: statement journals, and the
    /// savepoints of a group that runs again after a failing body, would otherwise be written to a temporary file.
    /// - Parameters:
    ///   - path: file path; `:memory:` keeps it in memory with reads on the writer.
    ///   - durability: see ``Durability``.
    ///   - readers: reader connections beside the writer.
    /// - Throws: ``StoreError`` when the file cannot be opened.
    public convenience init(path: String, durability: Durability = .full, readers readerCount: Int = 2,
                            logger: Logger = Logger(label: "sauda.sqlite")) throws(StoreError) {
        try self.init(path: path, durability: durability, readers: readerCount, logger: logger, logSync: nil)
    }

    /// - Parameter logSync: makes the log durable (tests hold it back or fail it); `nil` syncs the log file.
    init(path: String, durability: Durability, readers readerCount: Int, logger: Logger,
         logSync: (@Sendable () -> Result<Void, StoreError>)?) throws(StoreError) {
        if path != ":memory:" {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Self.makePrivate(path)
        }
        writer = try SQLiteHandle(path: path, readOnly: false)
        // In memory there is no disk to wait for; on a file the syncer makes commits durable (see WALSyncer).
        let syncsBeside = durability == .full && path != ":memory:"
        try writer.executeScript("""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            PRAGMA foreign_keys=ON;
            PRAGMA temp_store=MEMORY;
            PRAGMA cache_size=\(Self.cachePages);
            PRAGMA journal_size_limit=\(SQLiteCheckpointer.restartFrames * 4_096);
            """)
        if syncsBeside {
            try writer.executeScript("PRAGMA wal_autocheckpoint=0;")
            let log = WALFile(databasePath: path)
            syncer = WALSyncer(name: "sauda-sqlite-sync", logger: logger, sync: logSync ?? { log.sync() })
            checkpointer = try SQLiteCheckpointer(path: path, logger: logger)
        } else {
            syncer = nil
            checkpointer = nil
        }
        var readers: [(SQLiteHandle, AsyncLock)] = []
        if path != ":memory:" {
            for _ in 0..<max(0, readerCount) {
                let reader = try SQLiteHandle(path: path, readOnly: true)
                try reader.executeScript("PRAGMA cache_size=\(Self.cachePages);")
                readers.append((reader, AsyncLock()))
            }
        }
        self.readers = readers
        writerThread = DedicatedThreadExecutor(name: "sauda-sqlite-writer")
    }

    public var writeFailure: StoreError? { syncer?.failed }

    /// Creates the database file with mode 0600 (its owner only: it holds every tenant's conversations and the token
    /// hashes), or takes the group's and others' permissions from an existing one and from its `-wal` and `-shm`
    /// files. SQLite gives the log and shared-memory files it creates the database file's mode.
    /// A URI (`file:…`) is left to SQLite.
    static func makePrivate(_ path: String) throws(StoreError) {
        guard !path.hasPrefix("file:"), !path.isEmpty else { return }
        do {
            try PrivateFile.prepare(path)
            try PrivateFile.restrict(path + "-wal")
            try PrivateFile.restrict(path + "-shm")
        } catch {
            throw StoreError(.unavailable, "cannot make the SQLite database private (mode 0600): \(error)")
        }
    }

    deinit {
        writerThread.shutdown()
        syncer?.shutdown()
        checkpointer?.shutdown()
    }

    public func read<T: Sendable>(_ body: (any SQLConnection) async throws -> T) async throws -> T {
        guard !closed.load(ordering: .relaxed) else { throw StoreError(.closed, "database is closed") }
        guard !readers.isEmpty else {
            // In memory there are no readers: read on the writer between groups (each group commits
            // before the writer lock is released).
            return try await writerLock.withLock { try await body(SQLiteConnection(handle: writer)) }
        }
        let start = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        var chosen = readers[start % readers.count]
        for offset in 0..<readers.count where !readers[(start + offset) % readers.count].lock.isLocked {
            chosen = readers[(start + offset) % readers.count]
            break
        }
        let reader = chosen
        return try await reader.lock.withLock {
            // One read transaction for the whole body: its statements see one snapshot, and the reader checks the
            // WAL (and drops its page cache when another connection wrote, as SQLite does) once, not per statement.
            _ = try reader.handle.execute("BEGIN", [])
            defer { _ = try? reader.handle.execute("COMMIT", []) }
            return try await body(SQLiteConnection(handle: reader.handle))
        }
    }

    /// Runs `body` on the writer's connection between two groups, in a read transaction of its own with other
    /// reads queued meanwhile. It sees every committed group and returns without waiting for a log sync, as a
    /// reader does; a statement that would write is refused.
    ///
    /// Also under load: sending such reads to a reader whenever the writer was busy cost 10 % more CPU time in the
    /// pipeline benchmark and lowered its throughput by as much.
    public func readOnWriter<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        // In memory every read is on the writer already.
        guard !readers.isEmpty else { return try await read(body) }
        return try await perform(reading: true, body)
    }

    /// Runs `body` in a transaction with group commit. Transactions that arrive while one runs queue up;
    /// the task that finds the writer free becomes the leader and runs every queued body inside one SQLite
    /// transaction, each in its own savepoint (a failing body rolls back only its own work), then ends the
    /// group with a single `COMMIT` (one disk sync) and wakes the callers. Every caller returns only after
    /// the commit that made its work durable; no lock is handed from task to task between bodies.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await perform(reading: false, body)
    }

    /// Queues `body` as a read or a transaction and returns its result (or throws its error).
    private func perform<T: Sendable>(reading: Bool, _ body: @escaping @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        let outcome = await submit(reading: reading) { connection in
            do { return .success(try await body(connection)) } catch { return .failure(error) }
        }
        switch outcome {
        case .success(let value):
            guard let value = value as? T else { throw StoreError(.statement, "result of the wrong type") }
            return value
        case .failure(let error):
            throw error
        }
    }

    /// Queues a transaction body (or a read) and waits for the outcome of its group's commit (or of the read).
    private func submit(reading: Bool, _ run: @escaping @Sendable (any SQLConnection) async -> Result<any Sendable, any Error>) async
        -> Result<any Sendable, any Error> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<any Sendable, any Error>, Never>) in
            let job = WriteJob(run: run, resume: { continuation.resume(returning: $0) })
            let lead = queue.withLock { state -> Bool in
                if reading { state.reads.append(job) } else { state.jobs.append(job) }
                if state.leading { return false }
                state.leading = true
                return true
            }
            if lead { Task(executorPreference: writerThread) { await self.lead() } }
        }
    }

    private struct WriteJob: Sendable {
        let run: @Sendable (any SQLConnection) async -> Result<any Sendable, any Error>
        let resume: @Sendable (Result<any Sendable, any Error>) -> Void
    }

    private struct WriteQueue {
        var jobs: [WriteJob] = []
        /// Reads waiting for the writer's connection; they run between groups, never inside one.
        var reads: [WriteJob] = []
        var leading = false

        /// Takes up to `limit` queued jobs, oldest first.
        mutating func take(upTo limit: Int) -> [WriteJob] {
            let batch = Array(jobs.prefix(limit))
            jobs.removeFirst(batch.count)
            return batch
        }
    }

    private let queue = Mutex(WriteQueue())
    private static let maximumGroupSize = 128

    /// Runs queued reads and transactions in groups until none is left.
    private func lead() async {
        await writerLock.lock()
        defer { writerLock.unlock() }
        while true {
            let (reads, jobs) = queue.withLock { state -> ([WriteJob], [WriteJob]) in
                let reads = state.reads
                state.reads = []
                let batch = state.take(upTo: Self.maximumGroupSize)
                if reads.isEmpty, batch.isEmpty { state.leading = false }
                return (reads, batch)
            }
            guard !reads.isEmpty || !jobs.isEmpty else { return }
            if !reads.isEmpty { await runReads(reads) }
            if !jobs.isEmpty { await runGroup(jobs) }
        }
    }

    /// Runs reads on the writer's connection in one read transaction; each caller resumes as soon as its body ends.
    /// (`PRAGMA query_only` would also keep them from writing, but setting it expires every prepared statement of
    /// the connection: the read-only connection checks each statement instead.)
    private func runReads(_ reads: [WriteJob]) async {
        guard !closed.load(ordering: .relaxed) else {
            for read in reads { read.resume(.failure(StoreError(.closed, "database is closed"))) }
            return
        }
        do { _ = try writer.execute("BEGIN", []) } catch {
            for read in reads { read.resume(.failure(error)) }
            return
        }
        let connection = SQLiteConnection(handle: writer, readOnly: true)
        for read in reads { read.resume(await read.run(connection)) }
        // Nothing was written: ending the read transaction fails only on a closed connection.
        if (try? writer.execute("COMMIT", [])) == nil { try? writer.executeScript("ROLLBACK") }
    }

    /// One body's run in a group: its outcome and what it left for after the commit.
    private struct BodyRun {
        let job: WriteJob
        var outcome: Result<any Sendable, any Error>
        let actions: CommitActions
    }

    /// Runs a group of transaction bodies in one SQLite transaction and commits it with one log sync.
    ///
    /// The bodies run one after another without savepoints: marking one per body made SQLite copy every page a body
    /// changed first into a savepoint journal, about 4 % of the pipeline's CPU time. A body that fails having written
    /// nothing leaves nothing to undo (SQLite rolls back a failing statement by itself), as with a duplicate message.
    /// When a body fails after writing (a full queue no longer makes a gateway's body do so: the gateways check for
    /// room before they write), or SQLite
    /// has dropped the transaction, the group so far is rolled back and its bodies that succeeded run again, each in a
    /// savepoint of its own, as does the rest of the group; the failed body's failure stands. Such a group costs what
    /// a group with savepoints cost before, plus one more run of the bodies before the failure.
    private func runGroup(_ first: [WriteJob]) async {
        guard !closed.load(ordering: .relaxed) else {
            for job in first { job.resume(.failure(StoreError(.closed, "database is closed"))) }
            return
        }
        if let failure = syncer?.failed {
            for job in first { job.resume(.failure(failure)) }
            return
        }
        do { _ = try writer.execute("BEGIN IMMEDIATE", []) } catch {
            for job in first { job.resume(.failure(error)) }
            return
        }
        var runs: [BodyRun] = []
        var isolated = false
        var next = first
        while !next.isEmpty {
            for (position, job) in next.enumerated() {
                guard writer.isInTransaction else {
                    // Only in isolated mode: SQLite dropped the transaction, and with it every body's work so far.
                    Self.abandon(runs, unrun: next[position...], because: StoreError(.unavailable, "SQLite rolled the transaction back"))
                    return
                }
                if isolated {
                    runs.append(await runInSavepoint(job))
                    continue
                }
                let mark = writer.writeMark
                runs.append(await runDirectly(job))
                let failedAfterWriting = if case .failure = runs[runs.count - 1].outcome { writer.writeMark != mark } else { false }
                guard failedAfterWriting || !writer.isInTransaction else { continue }
                if let failure = await isolate(&runs) {
                    Self.abandon(runs, unrun: next[(position + 1)...], because: failure)
                    return
                }
                isolated = true
            }
            // While the disk still takes the last group, the transaction takes in what has queued up meanwhile: the
            // group stays as large as when the writer waited for the disk itself, so each message pays for as few
            // written pages as then.
            guard let syncer, syncer.isSyncing, runs.count < Self.maximumGroupSize else { break }
            next = queue.withLock { $0.take(upTo: Self.maximumGroupSize - runs.count) }
        }
        guard writer.isInTransaction else {
            Self.abandon(runs, unrun: [], because: StoreError(.unavailable, "SQLite rolled the transaction back"))
            return
        }
        var commitError: (any Error)?
        do { _ = try writer.execute("COMMIT", []) } catch {
            try? writer.executeScript("ROLLBACK")
            commitError = error
        }
        guard commitError == nil, let syncer else {
            Self.resume(runs, failure: commitError)
            return
        }
        checkpointer?.noteCommit()
        // The callers go on once the log is on disk; the writer starts the next group meanwhile.
        let committed = runs
        syncer.afterCommit { synced in
            switch synced {
            case .success: Self.resume(committed, failure: nil)
            case .failure(let error): Self.resume(committed, failure: error)
            }
        }
    }

    /// Runs one body straight in the group's transaction.
    private func runDirectly(_ job: WriteJob) async -> BodyRun {
        let actions = CommitActions()
        let outcome = await job.run(SQLiteConnection(handle: writer, commitActions: actions))
        return BodyRun(job: job, outcome: outcome, actions: actions)
    }

    /// Rolls the group so far back and runs its bodies that succeeded again, each in a savepoint; the last body's
    /// failure stands as it is. Returns why a new transaction could not begin, when it could not.
    private func isolate(_ runs: inout [BodyRun]) async -> (any Error)? {
        rolledBackGroups.add(1, ordering: .relaxed)
        if writer.isInTransaction { try? writer.executeScript("ROLLBACK") }
        do { _ = try writer.execute("BEGIN IMMEDIATE", []) } catch { return error }
        for index in runs.indices {
            guard case .success = runs[index].outcome else { continue }
            guard writer.isInTransaction else { return StoreError(.unavailable, "SQLite rolled the transaction back") }
            runs[index] = await runInSavepoint(runs[index].job)
        }
        return nil
    }

    /// Runs one body in a savepoint of the group's transaction: a failing body rolls back only its own work.
    private func runInSavepoint(_ job: WriteJob) async -> BodyRun {
        let actions = CommitActions()
        do { _ = try writer.execute("SAVEPOINT body", []) } catch { return BodyRun(job: job, outcome: .failure(error), actions: actions) }
        var outcome = await job.run(SQLiteConnection(handle: writer, commitActions: actions))
        switch outcome {
        case .success:
            do { _ = try writer.execute("RELEASE body", []) } catch {
                _ = try? writer.execute("ROLLBACK TO body", [])
                _ = try? writer.execute("RELEASE body", [])
                outcome = .failure(error)
            }
        case .failure:
            _ = try? writer.execute("ROLLBACK TO body", [])
            _ = try? writer.execute("RELEASE body", [])
        }
        return BodyRun(job: job, outcome: outcome, actions: actions)
    }

    /// Ends a group whose transaction is gone: no body's work was kept, so each caller gets `error` (or its own).
    private static func abandon(_ runs: [BodyRun], unrun: ArraySlice<WriteJob>, because error: any Error) {
        resume(runs, failure: error)
        for job in unrun { job.resume(.failure(error)) }
    }

    /// Resumes a group's callers: a body that succeeded gets `failure` instead when its commit (or sync) failed, and
    /// otherwise its actions for after the commit run first.
    private static func resume(_ runs: [BodyRun], failure: (any Error)?) {
        for run in runs {
            guard case .success = run.outcome else {
                run.job.resume(run.outcome)
                continue
            }
            if let failure {
                run.job.resume(.failure(failure))
            } else {
                run.actions.run()
                run.job.resume(run.outcome)
            }
        }
    }

    public func close() async {
        await writerLock.withLock {
            guard !closed.exchange(true, ordering: .relaxed) else { return }
            for reader in readers { await reader.lock.withLock { reader.handle.close() } }
            // Callers of the last groups resume once their log is synced; the writer closes last, checkpointing
            // what is left into the database file.
            syncer?.shutdown()
            checkpointer?.shutdown()
            writer.close()
        }
        writerThread.shutdown()
    }
}

/// A statement runner bound to one SQLite handle held under its lock.
struct SQLiteConnection: SQLConnection {
    let handle: SQLiteHandle
    /// Refuses statements that would change the database or end the transaction (reads on the writer).
    var readOnly = false
    /// The transaction body's actions for after its commit; `nil` on a connection for reads.
    var commitActions: CommitActions?
    var dialect: SQLDialect { .sqlite }

    func afterCommit(_ action: @escaping @Sendable () -> Void) {
        if let commitActions { commitActions.add(action) } else { action() }
    }

    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws(StoreError) -> [SQLRow] {
        try handle.execute(sql, binds, readOnly: readOnly)
    }
}
