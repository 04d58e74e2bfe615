import Foundation
import Logging

/// Copies the write-ahead log back into the database file on a connection and thread of its own.
///
/// SQLite checkpoints inside the `COMMIT` that takes the log past 1,000 pages, so the writer used to stop for the
/// copy and its syncs. Here automatic checkpoints are off on the writer and this thread runs a passive checkpoint
/// (it never blocks the writer) every ``interval`` while there are commits. A passive checkpoint cannot restart
/// the log while the writer keeps appending, so when the log has grown past ``restartFrames`` it runs a restart
/// checkpoint, which waits for the writer's current group, holds the next one back for the copy and lets the log
/// start again from its beginning.
///
/// `@unchecked Sendable`: the handle is used only on this thread; `committed` only under the thread's condition.
final class SQLiteCheckpointer: @unchecked Sendable {
    /// Log pages after which the checkpoint makes the log start again (16 MiB at 4 KiB pages). A passive checkpoint
    /// copies the pages but cannot restart a log the writer keeps appending to; 64 MiB made the restarts after a burst
    /// long enough to show in the replies' p99 latency (`sauda bench pipeline`: 25 – 96 ms against 10 – 19 ms).
    static let restartFrames: Int64 = 4_096
    /// Pause between checkpoints while commits keep coming; short, so that each copies little.
    static let interval: TimeInterval = 0.05

    private let handle: SQLiteHandle
    private let logger: Logger
    private let thread = WorkerThread(name: "sauda-sqlite-checkpoint")
    private var condition: NSCondition { thread.condition }
    private var committed = false

    /// Opens the checkpoint connection and starts its thread.
    init(path: String, logger: Logger) throws(StoreError) {
        handle = try SQLiteHandle(path: path, readOnly: false)
        try handle.executeScript("PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0;")
        self.logger = logger
        thread.start { self.runLoop() }
    }

    /// Tells the checkpointer that the log has new commits.
    func noteCommit() {
        condition.lock()
        if !committed {
            committed = true
            condition.signal()
        }
        condition.unlock()
    }

    /// Ends the thread after its current checkpoint and closes the connection; returns once it has ended.
    func shutdown() {
        thread.stop()
    }

    private func runLoop() {
        while true {
            condition.lock()
            while !committed && !thread.isStopping { condition.wait() }
            if thread.isStopping {
                thread.endHoldingLock()
                condition.unlock()
                handle.close()
                return
            }
            committed = false
            condition.unlock()
            checkpoint()
            // Commits that arrive meanwhile are taken by the next checkpoint; the pause keeps checkpoints from
            // running back to back (each syncs the database file).
            condition.lock()
            if !thread.isStopping { _ = condition.wait(until: Date().addingTimeInterval(Self.interval)) }
            condition.unlock()
        }
    }

    private func checkpoint() {
        do {
            let rows = try handle.execute("PRAGMA wal_checkpoint(PASSIVE)", [])
            let logFrames = rows.first?.optionalInt("log") ?? 0
            if logFrames >= Self.restartFrames {
                _ = try handle.execute("PRAGMA wal_checkpoint(RESTART)", [])
            }
        } catch {
            logger.warning("SQLite checkpoint failed; the next one tries again", metadata: ["error": "\(error)"])
        }
    }
}
