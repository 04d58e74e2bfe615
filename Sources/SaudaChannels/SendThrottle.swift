import Foundation
import SaudaCore
import Synchronization

/// At most `limit` sends in any `window` for one channel connection (a WhatsApp profile: 20 per minute by default, the
/// earlier gateway's limit), so that a busy business does not get its number banned. A send over the limit is not made to wait in line: the caller
/// learns how long until a slot frees and gives the message back to the queue for that long, so the
/// sender keeps serving other tenants.
public final class SendThrottle: Sendable {
    private let sent = Mutex<[AnyClock.Instant]>([])
    let limit: Int
    let window: Duration
    /// Measures the window.
    let clock: AnyClock

    /// Creates a throttle.
    /// - Parameter clock: measures the window (tests pass a clock they move by hand).
    public init(limit: Int, window: Duration = .seconds(60), clock: some Clock<Duration> = ContinuousClock()) {
        self.limit = max(1, limit)
        self.window = window
        self.clock = AnyClock(clock)
    }

    /// Takes a send slot.
    /// - Returns: `nil` when the send may go now (the slot is taken), otherwise how long until one frees.
    public func reserve() -> Duration? {
        let now = clock.now
        return sent.withLock { times in
            times.removeAll { now - $0 >= window }
            guard times.count < limit else {
                return times.first.map { $0 + window - now } ?? window
            }
            times.append(now)
            return nil
        }
    }
}
