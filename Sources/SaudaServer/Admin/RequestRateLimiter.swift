import SaudaCore
import Synchronization

/// A token bucket per API token: `burst` requests at once, refilled at `perSecond`.
public final class RequestRateLimiter: Sendable {
    /// Requests per second allowed on average.
    public let perSecond: Double
    /// Requests allowed at once.
    public let burst: Double
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }
    private let buckets = Mutex<[Int64: Bucket]>([:])

    /// Creates a limiter.
    public init(perSecond: Double = 10, burst: Int = 60) {
        self.perSecond = max(0.001, perSecond)
        self.burst = Double(max(1, burst))
    }

    /// Takes one request from the key's bucket.
    /// - Returns: `nil` when allowed, else how long until the next request is allowed.
    public func take(_ key: Int64, now: ContinuousClock.Instant = .now) -> Duration? {
        buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + max(0, (now - bucket.updated).timeInterval) * perSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else {
                return .milliseconds(Int64(((1 - bucket.tokens) / perSecond * 1000).rounded(.up)))
            }
            bucket.tokens -= 1
            return nil
        }
    }
}
