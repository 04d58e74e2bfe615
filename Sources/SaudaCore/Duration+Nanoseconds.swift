extension Duration {
    /// The duration in whole nanoseconds (for metrics timers).
    public var totalNanoseconds: Int64 {
        let parts = components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }

    /// The duration in seconds, for `Date` arithmetic.
    public var timeInterval: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The duration in whole seconds, rounded up, at least one: a `Retry-After` value.
    public var retryAfterSeconds: Int {
        max(1, Int(timeInterval.rounded(.up)))
    }
}
