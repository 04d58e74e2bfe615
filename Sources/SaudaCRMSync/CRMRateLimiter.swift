import SaudaCore
import Synchronization

/// Spaces the calls to each CRM account (one per business) so they stay under the CRM's limit, and holds them all back
/// after the CRM said to wait (a 429): every caller of that account waits, not only the one that was told.
public final class CRMRateLimiter: Sendable {
    private struct Account {
        var nextFree: AnyClock.Instant
    }

    private let clock: AnyClock
    private let accounts = Mutex([String: Account]())

    /// Creates a limiter that waits on `clock`.
    public init(clock: some Clock<Duration> = ContinuousClock()) {
        self.clock = AnyClock(clock)
    }

    /// Waits for the account's next turn at `perSecond` calls a second.
    /// - Throws: `CancellationError` when the task is cancelled while it waits.
    public func acquire(_ account: String, perSecond: Double) async throws {
        let spacing = Duration.seconds(1 / max(perSecond, 0.01))
        let now = clock.now
        let turn = accounts.withLock { accounts -> AnyClock.Instant in
            let free = max(accounts[account]?.nextFree ?? now, now)
            accounts[account] = Account(nextFree: free + spacing)
            return free
        }
        if turn > now { try await clock.sleep(until: turn, tolerance: nil) }
    }

    /// Holds the account's calls back for `delay` (the CRM's own wait after a 429).
    public func pause(_ account: String, for delay: Duration) {
        let until = clock.now + delay
        accounts.withLock { accounts in
            if (accounts[account]?.nextFree ?? until) <= until { accounts[account] = Account(nextFree: until) }
        }
    }
}
