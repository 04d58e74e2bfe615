import Foundation
import SaudaCore
import Synchronization

/// Times Telegram replies for ``TelegramBenchmark``: each customer message from just before it is written to the bot's
/// reply that quotes it (or a later message of its chat: turns fold messages together). Telegram numbers a chat's
/// messages only when they are written, so a reply can arrive before the writer learned its message's id; such a reply
/// waits here until the id is known.
final class TelegramReplyClock: Sendable {
    private struct Entry {
        var token: Int
        var messageID: Int?
        var at: ContinuousClock.Instant
    }

    private struct State {
        var waiting: [Int64: [Entry]] = [:]
        var early: [Int64: [(replyTo: Int, at: ContinuousClock.Instant)]] = [:]
        var nextToken = 0
        var latencies: [Double] = []
        var answered = 0
        var replies = 0
    }

    private let state = Mutex(State())

    /// A message of `chat` is about to be written: its clock starts now.
    /// - Returns: the token to name it by once its id is known.
    func willWrite(chat: Int64) -> Int {
        state.withLock { state in
            state.nextToken += 1
            state.waiting[chat, default: []].append(Entry(token: state.nextToken, messageID: nil, at: .now))
            return state.nextToken
        }
    }

    /// The message of `token` got the id `messageID`; a reply that quoted it early is applied now.
    func wrote(chat: Int64, token: Int, messageID: Int) {
        state.withLock { state in
            guard let index = state.waiting[chat]?.firstIndex(where: { $0.token == token }) else { return }
            state.waiting[chat]?[index].messageID = messageID
            let early = state.early[chat] ?? []
            state.early[chat] = []
            for reply in early where !Self.apply(reply.replyTo, at: reply.at, chat: chat, to: &state) {
                state.early[chat, default: []].append(reply)
            }
        }
    }

    /// The bot sent a message to `chat` quoting `replyTo`.
    func replied(chat: Int64, replyTo: Int?, at: ContinuousClock.Instant) {
        state.withLock { state in
            state.replies += 1
            guard let replyTo else { return }
            if !Self.apply(replyTo, at: at, chat: chat, to: &state) { state.early[chat, default: []].append((replyTo, at)) }
        }
    }

    /// Answers the message `replyTo` of `chat` and every earlier one still waiting; `false` when it is not known yet.
    private static func apply(_ replyTo: Int, at: ContinuousClock.Instant, chat: Int64, to state: inout State) -> Bool {
        guard let list = state.waiting[chat], let index = list.firstIndex(where: { $0.messageID == replyTo }) else { return false }
        for entry in list[...index] { state.latencies.append(Double((at - entry.at).totalNanoseconds) / 1e6) }
        state.answered += index + 1
        state.waiting[chat] = Array(list[(index + 1)...])
        return true
    }

    /// Forgets what was timed (between phases).
    func reset() { state.withLock { $0 = State() } }

    var answered: Int { state.withLock { $0.answered } }
    var replies: Int { state.withLock { $0.replies } }

    /// The `p` quantile (0–1) of the latencies, milliseconds.
    func latencyPercentile(_ p: Double) -> Double { state.withLock { $0.latencies }.quantile(p) }

    /// Waits until `count` messages are answered.
    /// - Throws: ``BenchmarkError`` when `timeout` passes first.
    func waitUntilAnswered(_ count: Int, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while answered < count {
            guard ContinuousClock.now < deadline else {
                throw BenchmarkError(message: "only \(answered) of \(count) Telegram messages answered in time")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
