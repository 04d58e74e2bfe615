import Foundation
import Metrics
import SaudaCore
import Synchronization

/// Keeps the calls to one provider (one API key) within what the provider allows: calls and input tokens a minute,
/// calls in flight, one business's share of them. A call that does not fit waits; businesses are served in turn and
/// the oldest call of each first. A 429 sends the call back to the head of its line, pauses every call for the wait
/// the provider asked for, and halves the rates until they grow back, so a provider that allows less than it
/// publishes slows Sauda down instead of failing customers.
public final class ProviderBudget: Sendable {
    /// What the budget is doing now, for `/health` and the console.
    public struct Snapshot: Sendable, Hashable {
        /// Calls running.
        public var inFlight: Int
        /// Calls waiting for the budget.
        public var waiting: Int
        /// Calls waiting, per business.
        public var waitingByTenant: [String: Int]
        /// How long the longest-waiting call has waited.
        public var oldestWait: Duration?
        /// Calls a minute allowed now (below the configured rate after 429s); `nil`: no limit.
        public var requestsPerMinute: Int?
        /// Input tokens a minute allowed now; `nil`: no limit.
        public var tokensPerMinute: Int?
        /// How long calls are held after a 429.
        public var pausedFor: Duration?
    }

    private struct State {
        var ledger: BudgetLedger
        var waiting: [UInt64: CheckedContinuation<AnyClock.Instant?, Never>] = [:]
        var timer: (at: AnyClock.Instant, task: Task<Void, Never>)?
    }

    /// The provider the budget is kept for, in logs and metrics (`gemini`, `openai`).
    public let name: String
    /// The configured limits.
    public let limits: ProviderLimits
    private let clock: AnyClock
    private let state: Mutex<State>
    private let nextID = Atomic<UInt64>(0)

    /// Creates a budget.
    /// - Parameter clock: the clock the window and the pauses are kept on (tests pass a manual clock).
    public init(name: String, limits: ProviderLimits, clock: some Clock<Duration> = ContinuousClock()) {
        self.name = name
        self.limits = limits
        self.clock = AnyClock(clock)
        state = Mutex(State(ledger: BudgetLedger(limits: limits)))
    }

    /// What the budget is doing now.
    public var snapshot: Snapshot {
        let now = clock.now
        return state.withLock { state in
            let ledger = state.ledger
            return Snapshot(inFlight: ledger.inFlight, waiting: ledger.waiting, waitingByTenant: ledger.waitingByTenant,
                            oldestWait: ledger.oldestArrival.map { $0.duration(to: now) },
                            requestsPerMinute: ledger.requestsPerMinuteNow, tokensPerMinute: ledger.tokensPerMinuteNow,
                            pausedFor: ledger.pausedUntil.flatMap { now < $0 ? now.duration(to: $0) : nil })
        }
    }

    /// Runs `call` once the budget admits it, and again, keeping its place, each time the provider answers 429.
    /// - Parameters:
    ///   - tenant: the business the call is for.
    ///   - tokens: the call's estimated input tokens (the provider's count replaces it when the call returns).
    /// - Throws: the call's error other than a 429; ``ModelError/Kind/deadlineExceeded`` when the task is cancelled
    ///   while it waits.
    public func run(tenant: String, tokens: Int, _ call: () async throws(ModelError) -> ModelResponse) async throws(ModelError) -> ModelResponse {
        let waiter = BudgetLedger.Waiter(id: nextID.wrappingAdd(1, ordering: .relaxed).oldValue, tenant: tenant, tokens: max(1, tokens),
                                         arrived: clock.now)
        var atHead = false
        while true {
            guard let sentAt = await admission(waiter, atHead: atHead) else {
                throw ModelError(.deadlineExceeded, "the turn ended while waiting for the \(name) budget")
            }
            do {
                let response = try await call()
                end { $0.finish(waiter, usedTokens: response.usage.input > 0 ? response.usage.input : nil) }
                return response
            } catch where error.kind == .rateLimited {
                Counter(label: "sauda_model_rate_limited_total", dimensions: [("provider", name)]).increment()
                let now = clock.now
                end { $0.rateLimited(waiter, sentAt: sentAt, retryAfter: error.retryAfter, now: now) }
                atHead = true
            } catch {
                end { $0.finish(waiter, usedTokens: nil) }
                throw error
            }
        }
    }

    /// Waits until the ledger admits `waiter`; `nil` when the task is cancelled first.
    private func admission(_ waiter: BudgetLedger.Waiter, atHead: Bool) async -> AnyClock.Instant? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<AnyClock.Instant?, Never>) in
                let ready = state.withLock { state -> [(CheckedContinuation<AnyClock.Instant?, Never>, AnyClock.Instant?)] in
                    if Task.isCancelled { return [(continuation, nil)] }
                    state.waiting[waiter.id] = continuation
                    state.ledger.enqueue(waiter, atHead: atHead)
                    return admitLocked(&state)
                }
                for (continuation, sentAt) in ready { continuation.resume(returning: sentAt) }
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<AnyClock.Instant?, Never>? in
                guard state.ledger.withdraw(id: waiter.id, tenant: waiter.tenant) else { return nil }
                return state.waiting.removeValue(forKey: waiter.id)
            }
            continuation?.resume(returning: nil)
        }
    }

    /// Updates the ledger after a call and admits whoever fits now.
    private func end(_ update: (inout BudgetLedger) -> Void) {
        let ready = state.withLock { state in
            update(&state.ledger)
            return admitLocked(&state)
        }
        for (continuation, sentAt) in ready { continuation.resume(returning: sentAt) }
    }

    /// Admits what fits; when calls still wait on the rates, sets the timer that looks again.
    private func admitLocked(_ state: inout State) -> [(CheckedContinuation<AnyClock.Instant?, Never>, AnyClock.Instant?)] {
        let now = clock.now
        let (admitted, lookAgainAt) = state.ledger.admit(now: now)
        if let lookAgainAt, state.timer.map({ lookAgainAt < $0.at }) ?? true {
            state.timer?.task.cancel()
            let clock = self.clock
            state.timer = (lookAgainAt, Task { [weak self] in
                guard (try? await clock.sleep(until: lookAgainAt)) != nil else { return }
                self?.timerFired(at: lookAgainAt)
            })
        }
        return admitted.compactMap { waiter in state.waiting.removeValue(forKey: waiter.id).map { ($0, now) } }
    }

    private func timerFired(at instant: AnyClock.Instant) {
        let ready = state.withLock { state in
            // Cleared first, so that the look below can set the next timer.
            if let timer = state.timer, timer.at <= instant { state.timer = nil }
            return admitLocked(&state)
        }
        for (continuation, sentAt) in ready { continuation.resume(returning: sentAt) }
    }
}
