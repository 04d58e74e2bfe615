import Foundation
import Synchronization

/// Keeps Sauda's calls within YCLIENTS's limit, which counts per IP address (5 a second and 200 a minute): one pacer
/// is shared by every adapter of the process (``shared``), since all tenants of one installation leave by the same
/// address. A call waits for room when the wait is short; when it would be long it is refused (the caller reports
/// `rateLimited`).
public final class YclientsPacer: Sendable {
    private struct State {
        var sent: [ContinuousClock.Instant] = []
    }

    /// Calls a second.
    public let perSecond: Int
    /// Calls a minute.
    public let perMinute: Int
    /// The longest a call waits for room before it is refused.
    public let longestWait: Duration
    private let state = Mutex(State())

    /// The process's pacer, at YCLIENTS's documented limits.
    public static let shared = YclientsPacer()

    /// Creates a pacer.
    public init(perSecond: Int = 5, perMinute: Int = 200, longestWait: Duration = .seconds(3)) {
        self.perSecond = max(1, perSecond)
        self.perMinute = max(1, perMinute)
        self.longestWait = longestWait
    }

    /// Waits until a call fits the limits and counts it; returns the wait it would need when that is over ``longestWait``.
    func admit() async -> Duration? {
        while true {
            let now = ContinuousClock.now
            let wait = state.withLock { state -> Duration in
                state.sent.removeAll { $0 + .seconds(60) <= now }
                let lastSecond = state.sent.filter { $0 + .seconds(1) > now }
                var wait = Duration.zero
                if lastSecond.count >= perSecond, let oldest = lastSecond.first { wait = max(wait, now.duration(to: oldest + .seconds(1))) }
                if state.sent.count >= perMinute, let oldest = state.sent.first { wait = max(wait, now.duration(to: oldest + .seconds(60))) }
                if wait <= .zero { state.sent.append(now) }
                return wait
            }
            if wait <= .zero { return nil }
            if wait > longestWait { return wait }
            try? await Task.sleep(for: wait)
        }
    }
}
