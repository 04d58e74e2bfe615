import SaudaCore
import Synchronization

/// A clock whose sleeps return at once and move it to their deadline: virtual time for code that spaces its calls (a
/// rate limiter), so a test of many calls takes no real time and still sees them spaced.
public final class SkippingClock: Clock, Sendable {
    /// A moment of the clock, as the time since it was created.
    public typealias Instant = AnyClock.Instant

    private let current = Mutex(Instant(offset: .zero))

    /// Creates a clock at zero.
    public init() {}

    public var now: Instant { current.withLock { $0 } }

    public var minimumResolution: Duration { .nanoseconds(1) }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        current.withLock { $0 = max($0, deadline) }
    }

    /// How far the sleeps have moved it.
    public var elapsed: Duration { now.offset }
}
