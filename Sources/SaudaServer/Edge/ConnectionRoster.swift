import Synchronization
import NIOCore

/// The server's open connections, and which of them may be closed to make room: a connection that has not sent a
/// complete request head yet (new, idle between requests, or trickling its headers in) is *waiting*; one whose
/// request is being read or answered is *busy*.
///
/// When a connection arrives while the cap is reached, the waiting connection that has waited longest is closed for
/// it, as a proxy drops its idle keep-alive connections under load: a crowd of sockets that send nothing only pushes
/// each other out, and a caller that sends its request at once (a health check, a customer) gets in. When every open
/// connection is busy, the newcomer is closed instead.
final class ConnectionRoster: Sendable {
    /// One connection's entry.
    private struct Entry {
        let channel: any Channel
        var busy: Bool
        /// When the connection began waiting, in arrival order (a counter, not a clock: only the order matters).
        var waitingSince: UInt64
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var ticks: UInt64 = 0
        var evicted = 0
        var refused = 0
    }

    /// Open connections at most before a waiting one is closed for a newcomer.
    let capacity: Int
    private let state = Mutex(State())

    /// Creates a roster of at most `capacity` connections.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Open connections.
    var count: Int { state.withLock { $0.entries.count } }
    /// Waiting connections closed to make room since the start.
    var evicted: Int { state.withLock { $0.evicted } }
    /// Newcomers closed because every open connection was busy.
    var refused: Int { state.withLock { $0.refused } }

    /// Takes in a new connection; returns the connection to close to stay within the capacity, if any (the oldest
    /// waiting one, or the newcomer itself when none is waiting).
    func arrived(_ channel: any Channel) -> (any Channel)? {
        state.withLock { state in
            state.ticks += 1
            let key = ObjectIdentifier(channel)
            guard state.entries.count >= capacity else {
                state.entries[key] = Entry(channel: channel, busy: false, waitingSince: state.ticks)
                return nil
            }
            let oldest = state.entries.lazy.filter { !$0.value.busy }.min { $0.value.waitingSince < $1.value.waitingSince }
            guard let (oldestKey, entry) = oldest else {
                state.refused += 1
                return channel
            }
            state.entries[oldestKey] = nil
            state.entries[key] = Entry(channel: channel, busy: false, waitingSince: state.ticks)
            state.evicted += 1
            return entry.channel
        }
    }

    /// A request head arrived on `channel`: it is busy until its response ends.
    func started(_ channel: any Channel) {
        state.withLock { $0.entries[ObjectIdentifier(channel)]?.busy = true }
    }

    /// `channel`'s response ended: it waits for its next request.
    func finished(_ channel: any Channel) {
        state.withLock { state in
            state.ticks += 1
            let key = ObjectIdentifier(channel)
            state.entries[key]?.busy = false
            state.entries[key]?.waitingSince = state.ticks
        }
    }

    /// `channel` closed.
    func left(_ channel: any Channel) {
        state.withLock { _ = $0.entries.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}
