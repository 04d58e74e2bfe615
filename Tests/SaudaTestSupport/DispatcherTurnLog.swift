import Foundation
import SaudaBus
import SaudaStore
import Synchronization

/// The turns a dispatcher started in a fairness test (payload and when, in seconds of the manual clock), how many ran
/// at once at most, and how many messages they finished; each turn takes ``length`` of the manual clock. Shared by the
/// table-queue and the RabbitMQ fairness tests.
public final class DispatcherTurnLog: Sendable {
    private let state = Mutex<(started: [(String, Double)], running: Int, peak: Int, done: Int)>(([], 0, 0, 0))
    /// The clock the turns wait on.
    public let clock: ManualClock
    /// How long a turn takes on the manual clock.
    public let length: Duration

    /// A log of turns that take `length` of `clock`.
    public init(clock: ManualClock, length: Duration = .milliseconds(80)) {
        self.clock = clock
        self.length = length
    }

    /// The started messages' payloads and start times, in start order.
    public var started: [(payload: String, at: Double)] { state.withLock { $0.started.map { (payload: $0.0, at: $0.1) } } }
    /// The most turns that ran at once.
    public var peak: Int { state.withLock { $0.peak } }
    /// Messages whose turns finished.
    public var done: Int { state.withLock { $0.done } }

    /// A turn that takes ``length`` of the manual clock.
    public func turn(_ deliveries: [Delivery]) async throws {
        let at = clock.date.timeIntervalSince(clock.start)
        state.withLock { state in
            state.started += deliveries.map { ($0.message.payload, at) }
            state.running += 1
            state.peak = max(state.peak, state.running)
        }
        defer { state.withLock { $0.running -= 1 } }
        try await clock.sleep(for: length)
        state.withLock { $0.done += deliveries.count }
    }

    /// For payloads `<prefix><n>` spread over `conversations` conversations by `n % conversations`: each
    /// conversation's numbers in the order their turns started.
    public func startOrder(prefix: String, conversations: Int) -> [[Int]] {
        let numbers = started.map(\.payload).filter { $0.hasPrefix(prefix) }.compactMap { Int($0.dropFirst(prefix.count)) }
        return (0..<conversations).map { conversation in numbers.filter { $0 % conversations == conversation } }
    }
}
