import Foundation

/// A thread of its own with a lock for its owner's state and a stop handshake, shared by the threads beside the
/// SQLite writer (``WALSyncer``, ``SQLiteCheckpointer``): ``stop()`` asks the owner's loop to end and returns once
/// the loop has called ``endHoldingLock()``. The owner makes it among its properties and calls ``start(_:)`` once
/// it is initialised.
///
/// `@unchecked Sendable`: the flags are touched only under ``condition``.
final class WorkerThread: @unchecked Sendable {
    /// Guards the flags below and the owner's state; the loop waits on it.
    let condition = NSCondition()
    private let name: String
    private var stopRequested = false
    private var ended = false

    /// - Parameter name: the thread's name, as tools such as `top -H` show it.
    init(name: String) {
        self.name = name
    }

    /// Runs `loop` on the new thread.
    func start(_ loop: @escaping @Sendable () -> Void) {
        let thread = Thread(block: loop)
        thread.name = name
        thread.start()
    }

    /// Whether ``stop()`` was called. Read under ``condition``.
    var isStopping: Bool { stopRequested }

    /// Whether the loop has ended. Read under ``condition``.
    var hasEnded: Bool { ended }

    /// Marks the loop as ended and wakes ``stop()``. Called by the loop under ``condition`` as it returns.
    func endHoldingLock() {
        ended = true
        condition.broadcast()
    }

    /// Asks the loop to end and waits until it has.
    func stop() {
        condition.lock()
        stopRequested = true
        condition.broadcast()
        while !ended { condition.wait() }
        condition.unlock()
    }
}
