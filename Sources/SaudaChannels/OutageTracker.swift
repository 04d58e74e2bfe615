import Foundation

/// Tells an outage of a channel connection (a business's WhatsApp number, a Telegram bot: every send fails) from a
/// reply that fails on its own.
///
/// While the provider is down (Wappi or the phone, Telegram's API), every reply fails with a 5xx or a timeout. Counting those failures as
/// attempts would dead-letter every reply of a long enough outage, so during an outage a reply waits, with a
/// doubling delay up to `maximumDelay`, for as long as the outage lasts (bounded only by the outgoing queue's
/// time to live, one hour by default) and keeps its attempts. A reply counts an attempt only when a send of
/// the same number succeeded after the reply's first failure: then the number works and this reply does not.
public struct OutageTracker: Sendable {
    /// What a failed send means.
    public enum Verdict: Sendable, Equatable {
        /// The number is not sending at all: try the reply again after the delay, without counting an attempt.
        case outage(retryIn: Duration)
        /// The number sends, this reply does not: count an attempt.
        case replyFails
    }

    /// Delay after the first failure of an outage.
    public let initialDelay: Duration
    /// Longest delay between two tries during an outage.
    public let maximumDelay: Duration
    /// When a send of the number last succeeded.
    public private(set) var lastSuccess: Date?
    /// Failed sends since the last success.
    public private(set) var failuresSinceSuccess = 0
    /// First failure of each reply still failing, by outgoing id.
    private var firstFailures: [String: Date] = [:]
    /// Replies forgotten after this long (they left the queue by then: its time to live is shorter).
    private static let memory: TimeInterval = 3 * 3600

    /// Creates a tracker.
    public init(initialDelay: Duration = .seconds(1), maximumDelay: Duration = .seconds(30)) {
        self.initialDelay = max(initialDelay, .milliseconds(10))
        self.maximumDelay = max(maximumDelay, self.initialDelay)
    }

    /// Whether the last send of the number failed.
    public var isDown: Bool { failuresSinceSuccess > 0 }

    /// Records a successful send.
    public mutating func succeeded(replyID: String?, at now: Date) {
        lastSuccess = now
        failuresSinceSuccess = 0
        if let replyID { firstFailures[replyID] = nil }
    }

    /// Records a failed send (a 5xx, a timeout, no connection) and judges it.
    public mutating func failed(replyID: String, at now: Date) -> Verdict {
        failuresSinceSuccess += 1
        let first = firstFailures[replyID] ?? now
        if firstFailures.count > 10_000 || firstFailures[replyID] == nil {
            firstFailures = firstFailures.filter { now.timeIntervalSince($0.value) < Self.memory }
        }
        firstFailures[replyID] = first
        if let lastSuccess, lastSuccess > first { return .replyFails }
        var delay = initialDelay
        for _ in 1..<min(failuresSinceSuccess, 32) {
            delay = min(maximumDelay, delay * 2)
            if delay == maximumDelay { break }
        }
        return .outage(retryIn: delay)
    }
}
