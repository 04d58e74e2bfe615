import Foundation

/// When and how long to wait before calling a provider again (one policy for every provider).
///
/// Retries only what may succeed the second time (network failures, timeouts, 408/429/5xx, an empty or
/// malformed answer); waits what the provider asked for (`retry-after-ms`, `Retry-After`, Gemini's
/// `RetryInfo`), otherwise an exponential backoff with jitter; gives up when the wait is longer than
/// `longestWait` (a provider asking for minutes will not answer this customer in time).
public struct ModelRetryPolicy: Sendable, Hashable {
    /// Calls in all, the first included.
    public var maxAttempts: Int
    /// First backoff delay.
    public var baseDelay: Duration
    /// Longest backoff delay.
    public var maximumDelay: Duration
    /// Longest wait a provider may ask for before the call is given up.
    public var longestWait: Duration
    /// Whether a 429 is retried here; `false` when a ``ProviderBudget`` retries it, keeping the call's place in line
    /// and slowing every call down.
    public var retriesRateLimits: Bool

    /// Creates a policy.
    public init(maxAttempts: Int = 3, baseDelay: Duration = .seconds(1), maximumDelay: Duration = .seconds(30),
                longestWait: Duration = .seconds(60), retriesRateLimits: Bool = true) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.longestWait = longestWait
        self.retriesRateLimits = retriesRateLimits
    }

    /// The wait before attempt `attempt + 1` after `error`, or `nil` to give up.
    public func delay(after error: ModelError, attempt: Int) -> Duration? {
        guard error.retryable, retriesRateLimits || error.kind != .rateLimited, attempt < maxAttempts else { return nil }
        if let asked = error.retryAfter { return asked <= longestWait ? asked : nil }
        let exponential = baseDelay * (1 << min(attempt - 1, 16))
        let capped = min(exponential, maximumDelay)
        return capped * Double.random(in: 0.5...1.0)
    }

    /// Runs `call` until it succeeds or the policy gives up, sleeping between attempts.
    public func run<T: Sendable>(_ call: (Int) async throws(ModelError) -> T) async throws(ModelError) -> T {
        var attempt = 1
        while true {
            do {
                return try await call(attempt)
            } catch {
                guard let wait = delay(after: error, attempt: attempt) else { throw error }
                do { try await Task.sleep(for: wait) } catch { throw ModelError(.deadlineExceeded, "cancelled while waiting to retry") }
                attempt += 1
            }
        }
    }
}
