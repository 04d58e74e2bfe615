/// Jittered exponential backoff between reconnect attempts.
///
/// The base delay of attempt n (from 1) is `initial * multiplier^(n-1)`, capped at `maximum`;
/// the delay used is drawn uniformly between `(1 - jitter) * base` and `base`, so many clients
/// that lost the same broker do not come back in step.
public struct AMQPBackoff: Sendable, Hashable {
    /// Delay before the first retry.
    public var initial: Duration
    /// Largest delay.
    public var maximum: Duration
    /// Growth factor per attempt.
    public var multiplier: Double
    /// Fraction of the delay that is random, 0…1.
    public var jitter: Double

    /// Makes a backoff; the defaults go 0.1 s, 0.2 s, 0.4 s, … up to 10 s, each up to half random.
    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(10), multiplier: Double = 2, jitter: Double = 0.5) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The base delay (without jitter) of attempt `attempt`, counted from 1.
    public func baseDelay(attempt: Int) -> Duration {
        let initialSeconds = Self.seconds(initial)
        let maximumSeconds = Self.seconds(maximum)
        let exponent = Double(max(attempt, 1) - 1)
        let seconds = min(initialSeconds * pow(multiplier, exponent), maximumSeconds)
        return .nanoseconds(Int64(seconds * 1e9))
    }

    /// The delay to wait before attempt `attempt`, counted from 1, drawn with `generator`.
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let base = Self.seconds(baseDelay(attempt: attempt))
        let factor = jitter == 0 ? 1 : Double.random(in: (1 - jitter)...1, using: &generator)
        return .nanoseconds(Int64(base * factor * 1e9))
    }

    /// The delay to wait before attempt `attempt`, counted from 1.
    public func delay(attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(attempt: attempt, using: &generator)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(exponent)
        while remaining > 0 {
            result *= base
            remaining -= 1
            if result > 1e12 { break }
        }
        return result
    }
}
