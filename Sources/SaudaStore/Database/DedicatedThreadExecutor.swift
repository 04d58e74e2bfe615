import Foundation

/// A task executor with one operating-system thread of its own, for work that blocks in system calls.
///
/// The SQLite writer runs every transaction's statements here, blocking in file writes (and, with `durability:
/// .normal`, in the checkpoints' syncs). On Swift's cooperative pool, which has one thread per core, such a wait
/// would idle a whole core; on this thread it idles only the writer while the pool keeps running gateway, agent and
/// sender work. (With `durability: .full` the log is synced by ``WALSyncer`` on a thread of its own.)
///
/// `@unchecked Sendable`: `jobs` and `stopped` are touched only under `condition`.
final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false

    /// Starts the thread; it keeps the executor alive until ``shutdown()``.
    init(name: String) {
        let thread = Thread { self.runLoop() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread end once its queued jobs have run.
    func shutdown() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        let executor = asUnownedTaskExecutor()
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            swap(&batch, &jobs)
            let stop = stopped && batch.isEmpty
            condition.unlock()
            if stop { return }
            for job in batch { job.runSynchronously(on: executor) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
