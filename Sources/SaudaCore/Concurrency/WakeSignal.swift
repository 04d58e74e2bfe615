import Synchronization

/// Wakes a polling loop early when work arrives in this process; the loop still polls on a timeout
/// for work published by other processes and for retries coming due.
///
/// The timeout runs on the clock the signal was made with (the continuous clock in production, a test's
/// manual clock in tests), inside the waiting task: a wait leaves nothing behind when it returns, and it
/// returns at once when its task is cancelled.
public final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var nextID: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Bool, Never>] = [:]
        /// Waits whose timeout ran out (or that were cancelled) before they filed their continuation.
        var expired: Set<UInt64> = []
    }

    private let state = Mutex(State())
    private let clock: AnyClock

    /// Creates a signal whose waits time out on `clock`.
    public init(clock: some Clock<Duration> = ContinuousClock()) {
        self.clock = AnyClock(clock)
    }

    /// Wakes every waiter, or the next one to wait.
    public func notify() {
        let waiters = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            if state.waiters.isEmpty {
                state.pending = true
                return []
            }
            let all = Array(state.waiters.values)
            state.waiters.removeAll()
            return all
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    /// Returns at the next notification, after `timeout` on the signal's clock, or when the task is cancelled.
    /// - Returns: whether a notification ended the wait.
    @discardableResult
    public func wait(timeout: Duration) async -> Bool {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        let notified = await withTaskGroup(of: Bool?.self) { group -> Bool in
            group.addTask { await self.waitForNotification(id) }
            group.addTask {
                try? await self.clock.sleep(for: timeout)
                self.expire(id)
                return nil
            }
            var notified = false
            if let first = await group.next(), let result = first { notified = result }
            // The timeout's child, cancelled, ends the wait still filed (its `expire`), so the notification's child ends too.
            group.cancelAll()
            for await result in group {
                if let result { notified = result }
            }
            return notified
        }
        _ = state.withLock { $0.expired.remove(id) }
        return notified
    }

    /// Waits for a notification until wait `id` expires.
    /// - Returns: whether a notification ended it.
    private func waitForNotification(_ id: UInt64) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let outcome = state.withLock { state -> Bool? in
                if state.expired.contains(id) { return false }
                if state.pending {
                    state.pending = false
                    return true
                }
                state.waiters[id] = continuation
                return nil
            }
            if let outcome { continuation.resume(returning: outcome) }
        }
    }

    /// Ends wait `id`, whether or not it has filed its continuation yet.
    private func expire(_ id: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.expired.insert(id)
            return state.waiters.removeValue(forKey: id)
        }
        waiter?.resume(returning: false)
    }
}
