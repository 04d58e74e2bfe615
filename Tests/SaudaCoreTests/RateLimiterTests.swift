import SaudaCore
import SaudaTestSupport
import Testing

/// Token buckets: a burst at once, then the average rate, a wait that says how long, and a table that stays bounded.
@Suite struct RateLimiterTests {
    @Test func aBurstGoesAtOnceThenTheRateAndTheRefusalSaysHowLongToWait() {
        let clock = ManualClock()
        let limiter = RateLimiter<String>(perMinute: 60, burst: 3, clock: clock)
        for _ in 0..<3 { #expect(limiter.take("a") == .allowed) }
        #expect(limiter.take("a") == .refused(retryAfter: .seconds(1)))
        #expect(limiter.take("b") == .allowed, "another key has its own bucket")
        clock.advance(by: .milliseconds(500))
        #expect(limiter.take("a") == .refused(retryAfter: .milliseconds(500)))
        clock.advance(by: .milliseconds(500))
        #expect(limiter.take("a") == .allowed, "one token a second at 60 a minute")
        clock.advance(by: .seconds(60))
        for _ in 0..<3 { #expect(limiter.take("a") == .allowed) }
        #expect(limiter.take("a") != .allowed, "a long rest refills the burst, not more")
    }

    @Test func theTableDropsQuietKeysAndRefusesNewOnesWhileAllAreBusy() {
        let clock = ManualClock()
        let limiter = RateLimiter<Int>(perMinute: 60, burst: 2, maximumKeys: 3, clock: clock)
        for key in 0..<3 { #expect(limiter.take(key) == .allowed) }
        // Every bucket is partly used: a fourth key would grow the table past its bound.
        #expect(limiter.take(3) == .refused(retryAfter: .seconds(1)))
        #expect(limiter.take(0) == .allowed, "known keys go on")
        clock.advance(by: .seconds(2))
        // Refilled buckets are the same as none: they make room.
        #expect(limiter.take(3) == .allowed)
        #expect(limiter.keyCount <= 3)
    }
}
