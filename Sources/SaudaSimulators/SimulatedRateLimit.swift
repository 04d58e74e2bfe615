import SaudaCore
import Synchronization

/// A provider's rate limit for a simulator: `requests` calls within any `window` (a minute, as the providers count),
/// the rest refused with the wait until the window has room again.
public final class SimulatedRateLimit: Sendable {
    private struct State {
        var accepted: [AnyClock.Instant] = []
        var refused = 0
    }

    /// Calls let through within a window.
    public let requests: Int
    /// The span counted over.
    public let window: Duration
    private let clock: AnyClock
    private let state = Mutex(State())

    /// Creates a limit of `requests` a `window`.
    public init(requests: Int, window: Duration = .seconds(60), clock: some Clock<Duration> = ContinuousClock()) {
        self.requests = max(1, requests)
        self.window = window
        self.clock = AnyClock(clock)
    }

    /// Counts a call: `nil` when it goes through, otherwise how long until the window has room.
    public func take() -> Duration? {
        let now = clock.now
        return state.withLock { state in
            state.accepted.removeAll { $0 + window <= now }
            guard state.accepted.count >= requests, let oldest = state.accepted.first else {
                state.accepted.append(now)
                return nil
            }
            state.refused += 1
            return now.duration(to: oldest + window)
        }
    }

    /// Calls refused so far.
    public var refused: Int { state.withLock { $0.refused } }
}
