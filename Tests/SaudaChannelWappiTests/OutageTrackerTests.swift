import Foundation
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import Testing

@Suite struct OutageTrackerTests {
    @Test func aFiveMinuteOutageNeverCountsAnAttemptAndTriesAtMostEveryThirtySeconds() throws {
        var tracker = OutageTracker(initialDelay: .seconds(1), maximumDelay: .seconds(30))
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        tracker.succeeded(replyID: "earlier", at: start)
        // Three replies fail whenever they are tried, for five simulated minutes; each is tried again when told.
        var next: [String: Date] = ["r1": start + 1, "r2": start + 1, "r3": start + 1]
        var delays: [Duration] = []
        var now = start + 1
        while now < start + 301 {
            for id in next.keys.sorted() where (next[id] ?? .distantFuture) <= now {
                let verdict = tracker.failed(replyID: id, at: now)
                guard case .outage(let delay) = verdict else {
                    Issue.record("reply \(id) counted an attempt \(now.timeIntervalSince(start)) s into the outage")
                    return
                }
                delays.append(delay)
                next[id] = now + delay.timeInterval
            }
            now += 0.5
        }
        #expect(tracker.isDown)
        #expect(delays.max() == .seconds(30))
        #expect(delays.count < 3 * (300 / 30 + 6), "tries back off instead of hammering Wappi: \(delays.count)")

        // Wappi is back: a reply goes out. A reply failing after that fails on its own and counts attempts.
        tracker.succeeded(replyID: "r1", at: now)
        #expect(!tracker.isDown)
        #expect(tracker.failed(replyID: "r2", at: now + 1) == .replyFails)
        // A reply failing for the first time after the success is given the benefit of the doubt once.
        #expect(tracker.failed(replyID: "r4", at: now + 2) == .outage(retryIn: .seconds(2)))
    }
}
