extension Array where Element == Double {
    /// The `p` quantile (0–1) of the values by nearest rank; 0 without any.
    func quantile(_ p: Double) -> Double {
        let sorted = self.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[Swift.min(sorted.count - 1, Swift.max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
    }
}
