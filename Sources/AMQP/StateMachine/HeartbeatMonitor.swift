/// Decides, at each heartbeat interval, whether to send a heartbeat and whether the peer is dead.
///
/// A heartbeat is sent when nothing was written during the interval; the peer is dead when
/// nothing arrived from it for two whole intervals in a row.
struct HeartbeatMonitor: Sendable, Hashable {
    /// What to do at a tick.
    enum Decision: Sendable, Hashable {
        case nothing
        case sendHeartbeat
        case peerIsDead
    }

    /// Intervals in a row without any frame from the peer after which it counts as dead.
    static let missedIntervalsAllowed = 2

    private var receivedSinceTick = false
    private var sentSinceTick = false
    private(set) var silentIntervals = 0

    /// Notes that a frame arrived.
    mutating func frameReceived() { receivedSinceTick = true }

    /// Notes that a frame was written.
    mutating func frameSent() { sentSinceTick = true }

    /// Called once per heartbeat interval.
    mutating func tick() -> Decision {
        defer {
            receivedSinceTick = false
            sentSinceTick = false
        }
        if receivedSinceTick {
            silentIntervals = 0
        } else {
            silentIntervals += 1
            if silentIntervals >= Self.missedIntervalsAllowed { return .peerIsDead }
        }
        return sentSinceTick ? .nothing : .sendHeartbeat
    }
}
