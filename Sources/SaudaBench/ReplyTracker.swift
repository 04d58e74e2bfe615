import SaudaChannels
import SaudaCore
import Synchronization

/// Tracks accepted messages per conversation and when each got answered, for the benchmarks: a reply answers
/// the message it names and every earlier one of its conversation still waiting (turns fold messages together).
/// This holds only if the tracker records a conversation's messages in the order the gateway accepts them:
/// ``BenchmarkLoad`` writes them one after another.
final class ReplyTracker: Sendable {
    struct State {
        var waiting: [String: [(id: String, at: ContinuousClock.Instant)]] = [:]
        var latencies: [Double] = []
        var answered = 0
        var replies = 0
        var rejected = 0
    }
    let state = Mutex(State())

    /// Records every bot reply the web chat's live streams carry, until the hub's streams finish.
    func follow(_ events: AsyncStream<WebChatHubEvent>) async {
        for await event in events where event.message.role == "bot" {
            replied(session: event.session, replyTo: event.message.replyTo, at: .now)
        }
    }

    func accepted(session: String, id: String, at: ContinuousClock.Instant) {
        state.withLock { $0.waiting[session, default: []].append((id, at)) }
    }

    func replied(session: String, replyTo: String?, at: ContinuousClock.Instant) {
        state.withLock { state in
            state.replies += 1
            guard let replyTo, var list = state.waiting[session], let index = list.firstIndex(where: { $0.id == replyTo }) else { return }
            for entry in list[...index] { state.latencies.append(Double((at - entry.at).totalNanoseconds) / 1e6) }
            state.answered += index + 1
            list.removeFirst(index + 1)
            state.waiting[session] = list
        }
    }

    /// Whether a message of `session` still waits for its reply.
    func isWaiting(session: String) -> Bool { state.withLock { !($0.waiting[session]?.isEmpty ?? true) } }

    /// Stops waiting for `session`'s messages (they were refused, so no reply will come).
    func forget(session: String) { state.withLock { _ = $0.waiting.removeValue(forKey: session) } }

    func reset() { state.withLock { state in let rejected = state.rejected; state = State(); state.rejected = rejected } }
    var answered: Int { state.withLock { $0.answered } }
    var replies: Int { state.withLock { $0.replies } }
    var latencies: [Double] { state.withLock { $0.latencies } }

    /// Waits until `count` messages are answered.
    /// - Throws: ``BenchmarkError`` naming `what` when `timeout` passes first.
    func waitUntilAnswered(_ count: Int, timeout: Duration, what: String = "messages") async throws {
        let deadline = ContinuousClock.now + timeout
        while answered < count {
            guard ContinuousClock.now < deadline else {
                throw BenchmarkError(message: "only \(answered) of \(count) \(what) answered in time")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// The `p` quantile (0–1) of the latencies recorded so far, milliseconds; 0 without any.
    func latencyPercentile(_ p: Double) -> Double { latencies.quantile(p) }
}
