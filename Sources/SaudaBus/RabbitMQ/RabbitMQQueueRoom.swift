import Foundation
import Synchronization

/// What the relay knows of the room left in the queues that RabbitMQ declares to drop their oldest message when full.
///
/// The queues of the earlier system (`outgoing_messages`, `voice_messages`) are declared with `x-max-length` and no
/// `x-overflow`, and Sauda declares them the same way (a queue declared with other arguments is refused). A queue so
/// declared keeps its length by dropping the message at its head without telling anyone: a reply the agent wrote would
/// be lost. So the relay publishes to them only what fits. It counts a queue (a passive declare: the messages ready,
/// which is what `x-max-length` counts) when its estimate is older than ``freshness`` or comes within a fifth of the
/// limit; in between it adds what it published to the last count (consumers only take messages away, and the relays of
/// all processes take turns, each counting for itself at least once every ``freshness``).
final class RabbitMQQueueRoom: Sendable {
    /// How long a count stands in for the queue's depth.
    static let freshness: Duration = .seconds(1)

    private struct Estimate {
        var counted: Int
        var at: ContinuousClock.Instant
        var publishedSince: Int
    }

    private let estimates = Mutex<[String: Estimate]>([:])

    /// Whether `count` more messages fit in the queue named `name` without counting it again.
    func fitsWithoutCounting(_ count: Int, in name: String, maxLength: Int, now: ContinuousClock.Instant) -> Bool {
        estimates.withLock { estimates in
            guard var estimate = estimates[name], now - estimate.at < Self.freshness,
                  (estimate.counted + estimate.publishedSince + count) * 5 <= maxLength * 4 else { return false }
            estimate.publishedSince += count
            estimates[name] = estimate
            return true
        }
    }

    /// Records a count of the queue and the `count` messages about to be published after it.
    func counted(_ depth: Int, in name: String, publishing count: Int, now: ContinuousClock.Instant) {
        estimates.withLock { $0[name] = Estimate(counted: depth, at: now, publishedSince: count) }
    }
}
