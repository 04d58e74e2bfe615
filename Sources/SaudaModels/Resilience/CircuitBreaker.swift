import Foundation
import SaudaCore
import Synchronization

/// Stops calling a failing provider for a while: after `failureThreshold` failures in a row the circuit
/// opens and calls go straight to the fallback; after `openDuration` one trial call is let through, and
/// its success closes the circuit again.
public final class CircuitBreaker: Sendable {
    /// The breaker's state.
    public enum State: String, Sendable, Hashable {
        /// Calls go to the provider.
        case closed
        /// Calls go to the fallback.
        case open
        /// One trial call is under way.
        case halfOpen = "half_open"
    }

    /// What the breaker knows, for `/health`.
    public struct Snapshot: Sendable, Hashable {
        /// Current state.
        public var state: State
        /// Failures in a row.
        public var consecutiveFailures: Int
        /// The last failure's reason.
        public var lastError: String?
        /// When the last failure happened.
        public var lastFailureAt: Date?
    }

    private struct Inner {
        var state: State = .closed
        var failures = 0
        var openedAt: AnyClock.Instant?
        var lastError: String?
        var lastFailureAt: Date?
    }

    private let inner = Mutex(Inner())
    let failureThreshold: Int
    let openDuration: Duration
    /// Measures how long the circuit stays open.
    let clock: AnyClock

    /// Creates a closed breaker.
    /// - Parameter clock: measures `openDuration` (tests pass a clock they move by hand).
    public init(failureThreshold: Int, openDuration: Duration, clock: some Clock<Duration> = ContinuousClock()) {
        self.failureThreshold = max(1, failureThreshold)
        self.openDuration = openDuration
        self.clock = AnyClock(clock)
    }

    /// Whether a call may go to the provider now (in the half-open state only one caller gets `true`).
    public func allowsCall() -> Bool {
        let now = clock.now
        return inner.withLock { inner in
            switch inner.state {
            case .closed:
                return true
            case .halfOpen:
                return false
            case .open:
                guard let openedAt = inner.openedAt, now - openedAt >= openDuration else { return false }
                inner.state = .halfOpen
                return true
            }
        }
    }

    /// Records a successful call.
    public func recordSuccess() {
        inner.withLock { inner in
            inner.state = .closed
            inner.failures = 0
            inner.openedAt = nil
        }
    }

    /// Records a failed call.
    /// - Returns: whether this failure opened the circuit.
    @discardableResult
    public func recordFailure(_ reason: String) -> Bool {
        let now = clock.now
        return inner.withLock { inner in
            inner.failures += 1
            inner.lastError = reason
            inner.lastFailureAt = Date()
            guard inner.state == .halfOpen || (inner.state == .closed && inner.failures >= failureThreshold) else { return false }
            inner.state = .open
            inner.openedAt = now
            return true
        }
    }

    /// The current state.
    public var snapshot: Snapshot {
        inner.withLock { Snapshot(state: $0.state, consecutiveFailures: $0.failures, lastError: $0.lastError, lastFailureAt: $0.lastFailureAt) }
    }
}
