import Foundation
import SaudaCore
import Synchronization

/// Lets at most one log line a key (a tenant) through per interval, and counts the lines held back, so that a caller
/// repeating a refused request cannot flood the log: ``admit(_:)`` says whether to write a line now and how many were
/// held back since the last one written.
final class LogThrottle: Sendable {
    /// What to do with one line.
    enum Decision: Equatable, Sendable {
        /// Write it, saying how many lines of the key were held back since the last one written.
        case write(suppressed: Int)
        /// Hold it back.
        case suppress
    }

    private struct Entry {
        var lastWritten: Date
        var suppressed: Int
    }

    private let interval: TimeInterval
    private let now: @Sendable () -> Date
    private let entries = Mutex<[String: Entry]>([:])
    /// Keys remembered at most; beyond, the oldest are forgotten (a key is a configured tenant, so few in practice).
    private let capacity: Int

    /// Creates a throttle of one line a key per `interval`.
    init(interval: Duration = .seconds(60), capacity: Int = 10_000, now: @escaping @Sendable () -> Date = { Date() }) {
        self.interval = interval.timeInterval
        self.capacity = capacity
        self.now = now
    }

    /// Whether a line for `key` is written now.
    func admit(_ key: String) -> Decision {
        let moment = now()
        return entries.withLock { entries in
            if var entry = entries[key], moment.timeIntervalSince(entry.lastWritten) < interval {
                entry.suppressed += 1
                entries[key] = entry
                return .suppress
            }
            let suppressed = entries[key]?.suppressed ?? 0
            if entries[key] == nil, entries.count >= capacity {
                let cutoff = moment.addingTimeInterval(-interval)
                entries = entries.filter { $0.value.lastWritten >= cutoff }
            }
            entries[key] = Entry(lastWritten: moment, suppressed: 0)
            return .write(suppressed: suppressed)
        }
    }
}
