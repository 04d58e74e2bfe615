import Synchronization

/// The queues whose outbox rows wait because the broker had no room for them, each until when it is offered again.
final class FullQueues: Sendable {
    private let until = Mutex<[String: ContinuousClock.Instant]>([:])

    /// The queues that still wait at `now`.
    func waiting(now: ContinuousClock.Instant) -> Set<String> {
        until.withLock { until in Set(until.filter { $0.value > now }.keys) }
    }

    /// Makes `queue` wait until `instant`.
    /// - Returns: whether it was not full before (the relay says so once a queue fills up, not at every retry).
    func hold(_ queue: String, until instant: ContinuousClock.Instant) -> Bool {
        until.withLock { until in until.updateValue(instant, forKey: queue) == nil }
    }

    /// Forgets `queues`: the broker took their rows again.
    func clear(_ queues: some Sequence<String>) {
        until.withLock { until in
            guard !until.isEmpty else { return }
            for queue in queues { until[queue] = nil }
        }
    }
}
