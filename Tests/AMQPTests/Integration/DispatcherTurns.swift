import Foundation
import SaudaBus
import SaudaStore
import SaudaTestSupport
import Synchronization

/// The turns a dispatcher started (payload and when, in seconds of the manual clock), as in the table-queue fairness
/// test (`DispatcherFairnessTests.Turns`).
final class DispatcherTurns: Sendable {
    private let state = Mutex<(started: [(String, Double)], done: Int)>(([], 0))
    let clock: ManualClock

    init(clock: ManualClock) { self.clock = clock }

    var started: [(payload: String, at: Double)] { state.withLock { $0.started.map { (payload: $0.0, at: $0.1) } } }
    var done: Int { state.withLock { $0.done } }

    /// A turn that takes 80 ms of the manual clock.
    func turn(_ deliveries: [Delivery]) async throws {
        let at = clock.date.timeIntervalSince(clock.start)
        state.withLock { $0.started += deliveries.map { ($0.message.payload, at) } }
        try await clock.sleep(for: .milliseconds(80))
        state.withLock { $0.done += deliveries.count }
    }
}
