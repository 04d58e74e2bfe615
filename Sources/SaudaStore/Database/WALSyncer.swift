import Foundation
import Logging

/// Makes the SQLite writer's commits durable on a thread of its own, so the writer runs the next group while
/// the disk takes the last one.
///
/// With `synchronous=FULL` SQLite calls `fsync` inside `COMMIT`; the writer, which every transaction of the
/// installation goes through, then waited for the disk about half of its time (measured off-CPU with bpftrace:
/// `fsync` of the write-ahead log, the device flush and the file's inode written on every sync). Here the writer
/// commits with `synchronous=NORMAL` (the log is written, not synced) and hands the group's callers to this
/// thread, which syncs the log with `fdatasync` and only then resumes them. The log is written in order and a sync
/// covers everything written before it, so a caller resumes only after its own commit and every earlier one are on
/// disk: what `synchronous=FULL` promised, without the writer waiting.
///
/// A failed sync leaves it unknown which commits reached the disk (Linux may drop the unwritten pages and report
/// success on the next sync), so the first failure is kept: its callers and every later one get the error, and
/// the database refuses new transactions until the process is restarted.
///
/// `@unchecked Sendable`: the mutable state is touched only under the thread's condition.
final class WALSyncer: @unchecked Sendable {
    /// Called with the outcome of the sync that covers a commit.
    typealias Completion = @Sendable (Result<Void, StoreError>) -> Void

    private let thread: WorkerThread
    private var condition: NSCondition { thread.condition }
    private var waiting: [Completion] = []
    private var syncing = false
    private var failure: StoreError?
    private let sync: @Sendable () -> Result<Void, StoreError>
    private let logger: Logger

    /// Starts the thread.
    /// - Parameter sync: makes everything committed so far durable (in production `fdatasync` of the log).
    init(name: String, logger: Logger, sync: @escaping @Sendable () -> Result<Void, StoreError>) {
        self.sync = sync
        self.logger = logger
        thread = WorkerThread(name: name)
        thread.start { self.runLoop() }
    }

    /// The first failed sync, after which nothing is durable any more.
    var failed: StoreError? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// Whether a sync is under way or commits wait for one.
    var isSyncing: Bool {
        condition.lock()
        defer { condition.unlock() }
        return syncing || !waiting.isEmpty
    }

    /// Calls `completion` once a sync that started after this call has finished.
    func afterCommit(_ completion: @escaping Completion) {
        condition.lock()
        if let failure = failure ?? (thread.hasEnded ? StoreError(.closed, "database is closed") : nil) {
            condition.unlock()
            completion(.failure(failure))
            return
        }
        waiting.append(completion)
        condition.signal()
        condition.unlock()
    }

    /// Syncs what is waiting, then ends the thread; returns once it has ended.
    func shutdown() {
        thread.stop()
    }

    private func runLoop() {
        var batch: [Completion] = []
        while true {
            condition.lock()
            while waiting.isEmpty && !thread.isStopping { condition.wait() }
            swap(&batch, &waiting)
            syncing = !batch.isEmpty
            let knownFailure = failure
            if batch.isEmpty {
                thread.endHoldingLock()
                condition.unlock()
                return
            }
            condition.unlock()
            let outcome = knownFailure.map { Result<Void, StoreError>.failure($0) } ?? sync()
            condition.lock()
            if case .failure(let error) = outcome, knownFailure == nil { failure = error }
            syncing = false
            condition.unlock()
            if case .failure(let error) = outcome, knownFailure == nil {
                logger.critical("the SQLite log could not be synced: the database accepts no more writes until Sauda restarts",
                                metadata: ["error": "\(error)"])
            }
            for completion in batch { completion(outcome) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}

/// The write-ahead log file of a SQLite database, opened to sync it.
final class WALFile: @unchecked Sendable {
    private let path: String
    private var descriptor: Int32 = -1

    /// - Parameter databasePath: the database file; the log is the file beside it ending in `-wal`.
    init(databasePath: String) {
        path = databasePath + "-wal"
    }

    deinit { if descriptor >= 0 { _ = Foundation.close(descriptor) } }

    /// Writes the log's data to the disk (`fdatasync`). Used from the syncer's thread only.
    func sync() -> Result<Void, StoreError> {
        if descriptor < 0 {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                return .failure(StoreError(.unavailable, "cannot open the write-ahead log \(path) to sync it: \(String(cString: strerror(errno)))"))
            }
        }
        while fdatasync(descriptor) != 0 {
            if errno == EINTR { continue }
            return .failure(StoreError(.unavailable, "syncing the write-ahead log \(path) failed: \(String(cString: strerror(errno)))"))
        }
        return .success(())
    }
}
