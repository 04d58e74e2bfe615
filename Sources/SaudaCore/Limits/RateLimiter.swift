import Synchronization

/// Token buckets per key: each key may make `burst` requests at once and `perMinute` on average.
///
/// Memory stays bounded: a bucket that has refilled completely is the same as no bucket, so buckets of keys
/// that went quiet are dropped whenever the table reaches `maximumKeys`; if every key is still busy then, the
/// new key is refused (a flood of fresh keys must not grow the table without end, and must not reset anyone's
/// bucket either).
public final class RateLimiter<Key: Hashable & Sendable>: Sendable {
    /// What a rate limiter decided about one request.
    public enum Decision: Sendable, Equatable {
        /// Allowed; one token was taken.
        case allowed
        /// Refused; the next request of the key is allowed after this long.
        case refused(retryAfter: Duration)
    }

    /// Requests per minute allowed on average.
    public let perMinute: Double
    /// Requests allowed at once.
    public let burst: Double
    /// Keys with a partly used bucket kept at most.
    public let maximumKeys: Int

    private struct Bucket {
        var tokens: Double
        var updated: AnyClock.Instant
    }

    private let clock: AnyClock
    private let buckets = Mutex<[Key: Bucket]>([:])

    /// Creates a limiter.
    /// - Parameters:
    ///   - perMinute: requests per minute on average (at least one per hour).
    ///   - burst: requests at once (at least one).
    ///   - maximumKeys: buckets kept at most (at least one).
    ///   - clock: the clock buckets refill on (a test's manual clock drives them).
    public init(perMinute: Double, burst: Int, maximumKeys: Int = 100_000, clock: some Clock<Duration> = ContinuousClock()) {
        self.perMinute = max(1.0 / 60, perMinute)
        self.burst = Double(max(1, burst))
        self.maximumKeys = max(1, maximumKeys)
        self.clock = AnyClock(clock)
    }

    /// Takes one request from the key's bucket.
    public func take(_ key: Key) -> Decision {
        let now = clock.now
        let perSecond = perMinute / 60
        return buckets.withLock { buckets in
            var bucket: Bucket
            if let existing = buckets[key] {
                bucket = existing
                bucket.tokens = min(burst, bucket.tokens + bucket.updated.duration(to: now).timeInterval * perSecond)
            } else {
                if buckets.count >= maximumKeys {
                    Self.dropRefilled(&buckets, now: now, burst: burst, perSecond: perSecond)
                    if buckets.count >= maximumKeys { return .refused(retryAfter: .seconds(1)) }
                }
                bucket = Bucket(tokens: burst, updated: now)
            }
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                let seconds = (1 - bucket.tokens) / perSecond
                return .refused(retryAfter: .milliseconds(Int64((seconds * 1000).rounded(.up))))
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            return .allowed
        }
    }

    /// Keys with a bucket now.
    public var keyCount: Int { buckets.withLock { $0.count } }

    private static func dropRefilled(_ buckets: inout [Key: Bucket], now: AnyClock.Instant, burst: Double, perSecond: Double) {
        buckets = buckets.filter { _, bucket in
            bucket.tokens + bucket.updated.duration(to: now).timeInterval * perSecond < burst
        }
    }
}
