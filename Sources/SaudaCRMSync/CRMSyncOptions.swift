import Foundation

/// How the CRM sync paces itself.
public struct CRMSyncOptions: Sendable, Hashable {
    /// Rows claimed a round.
    public var batch: Int
    /// How long a claimed row is this process's before another may take it (longer than the slowest write).
    public var leaseDuration: TimeInterval
    /// Failed attempts after which a row is given up (dead), with its last reason.
    public var maxAttempts: Int
    /// The wait after the first failed attempt; it doubles with each further one.
    public var firstBackoff: TimeInterval
    /// The longest wait between attempts.
    public var maxBackoff: TimeInterval
    /// How often a connection that is `failing` (the CRM refused its credentials) is checked again.
    public var probeInterval: TimeInterval
    /// Time between rounds when nothing wakes the sync earlier.
    public var interval: Duration

    /// Creates options; the defaults give a row about nineteen hours of attempts, five minutes apart at most.
    public init(batch: Int = 50, leaseDuration: TimeInterval = 300, maxAttempts: Int = 240, firstBackoff: TimeInterval = 2,
                maxBackoff: TimeInterval = 300, probeInterval: TimeInterval = 300, interval: Duration = .seconds(2)) {
        self.batch = batch
        self.leaseDuration = leaseDuration
        self.maxAttempts = maxAttempts
        self.firstBackoff = firstBackoff
        self.maxBackoff = maxBackoff
        self.probeInterval = probeInterval
        self.interval = interval
    }

    /// The wait after the `attempts`-th failed attempt in a row.
    public func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(maxBackoff, firstBackoff * pow(2, Double(max(0, min(attempts - 1, 30)))))
    }
}
