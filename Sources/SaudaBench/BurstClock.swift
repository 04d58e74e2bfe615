import SaudaCore
import Synchronization

/// When each customer of a burst started, got its first reply and the reply to its last message.
final class BurstClock: Sendable {
    struct Customer {
        var started: ContinuousClock.Instant
        var lastMessage: String
        var first: ContinuousClock.Instant?
        var final: ContinuousClock.Instant?
    }
    private let state = Mutex([String: Customer]())

    func started(session: String, lastMessage: String, at: ContinuousClock.Instant) {
        state.withLock { $0[session] = Customer(started: at, lastMessage: lastMessage) }
    }

    func replied(session: String, replyTo: String?, at: ContinuousClock.Instant) {
        state.withLock { customers in
            guard var customer = customers[session] else { return }
            if customer.first == nil { customer.first = at }
            if replyTo == customer.lastMessage, customer.final == nil { customer.final = at }
            customers[session] = customer
        }
    }

    /// Customers whose last message is answered.
    var finished: Int { state.withLock { $0.values.count { $0.final != nil } } }

    /// Milliseconds to the first and to the final reply, per customer who has them.
    func times() -> (first: [Double], final: [Double]) {
        state.withLock { customers in
            func milliseconds(_ from: ContinuousClock.Instant, _ to: ContinuousClock.Instant?) -> Double? {
                to.map { Double((from.duration(to: $0)).totalNanoseconds) / 1e6 }
            }
            return (customers.values.compactMap { milliseconds($0.started, $0.first) },
                    customers.values.compactMap { milliseconds($0.started, $0.final) })
        }
    }
}
