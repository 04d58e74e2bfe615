import SaudaCore
import SaudaModels
import SaudaTestSupport
import Synchronization
import Testing

/// A provider that lets `allowed` calls a minute through (counted on the test's clock) and answers the rest 429 with
/// the wait until its minute has room again, as Gemini's `RetryInfo` does; it records every call it answered.
final class StingyProvider: Sendable {
    struct State {
        var accepted: [(at: AnyClock.Instant, call: String)] = []
        var refusals = 0
    }

    let allowed: Int
    let clock: ManualClock
    let state = Mutex(State())

    init(allowed: Int, clock: ManualClock) {
        self.allowed = allowed
        self.clock = clock
    }

    func answer(_ call: String) throws(ModelError) -> ModelResponse {
        let now = clock.now
        let wait = state.withLock { state -> Duration? in
            let recent = state.accepted.filter { $0.at + .seconds(60) > now }
            if recent.count >= allowed, let oldest = recent.first {
                state.refusals += 1
                return now.duration(to: oldest.at + .seconds(60))
            }
            state.accepted.append((now, call))
            return nil
        }
        if let wait { throw ModelError(.rateLimited, "429 RESOURCE_EXHAUSTED", retryAfter: wait) }
        return ModelResponse(text: "ответ на \(call)", finishReason: .stop, usage: TokenUsage(input: 40, output: 10), model: "stingy")
    }

    var answered: [String] { state.withLock { $0.accepted.map(\.call) } }
    var refusals: Int { state.withLock { $0.refusals } }
}

/// What the calls of a test have done, shared with their tasks.
final class CallLog: Sendable {
    let finished = Mutex<[String]>([])
    var count: Int { finished.withLock { $0.count } }
    var order: [String] { finished.withLock { $0 } }
    func append(_ call: String) { finished.withLock { $0.append(call) } }
}

/// The budget on a manual clock: waiting calls go when the window moves on, a provider's 429 storm slows the calls
/// down to what it allows without losing or repeating one, and a quiet business is not starved by a busy one.
@Suite struct ProviderBudgetTests {
    /// Yields until `condition` holds (the tasks woken by the clock run on other threads).
    static func until(_ condition: () -> Bool) async {
        var tries = 0
        while !condition(), tries < 100_000 {
            await Task.yield()
            tries += 1
        }
    }

    @Test(.timeLimit(.minutes(1))) func callsBeyondTheMinutesRequestsGoWhenTheWindowMovesOn() async throws {
        let clock = ManualClock()
        let budget = ProviderBudget(name: "test", limits: ProviderLimits(requestsPerMinute: 2, tokensPerMinute: nil), clock: clock)
        let log = CallLog()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                group.addTask {
                    _ = try await budget.run(tenant: "shop", tokens: 10) { () throws(ModelError) -> ModelResponse in
                        ModelResponse(text: "\(index)", finishReason: .stop, usage: .zero, model: "test")
                    }
                    log.append("\(index)")
                }
            }
            await Self.until { log.count == 2 && budget.snapshot.waiting == 2 }
            #expect(budget.snapshot.waiting == 2)
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(30))
            #expect(log.count == 2)
            clock.advance(by: .seconds(30))
            try await group.waitForAll()
        }
        #expect(log.count == 4)
    }

    @Test(.timeLimit(.minutes(1))) func aCallWhoseTurnEndsLeavesTheLine() async throws {
        let clock = ManualClock()
        let budget = ProviderBudget(name: "test", limits: ProviderLimits(requestsPerMinute: 1, tokensPerMinute: nil), clock: clock)
        _ = try await budget.run(tenant: "shop", tokens: 10) { () throws(ModelError) -> ModelResponse in
            ModelResponse(text: "first", finishReason: .stop, usage: .zero, model: "test")
        }
        let waiting = Task {
            try await budget.run(tenant: "shop", tokens: 10) { () throws(ModelError) -> ModelResponse in
                ModelResponse(text: "late", finishReason: .stop, usage: .zero, model: "test")
            }
        }
        await Self.until { budget.snapshot.waiting == 1 }
        waiting.cancel()
        let result = await waiting.result
        #expect(throws: ModelError.self) { try result.get() }
        #expect(budget.snapshot.waiting == 0)
    }

    /// Sauda believes the key allows 60 calls a minute; the provider allows 5. Thirty customers of a busy business
    /// ask at once, and ten seconds later three of a quiet one.
    @Test(.timeLimit(.minutes(1))) func a429StormSlowsTheCallsToWhatTheProviderAllowsAndLosesNoneAndStarvesNoBusiness() async throws {
        let clock = ManualClock()
        let provider = StingyProvider(allowed: 5, clock: clock)
        let budget = ProviderBudget(name: "stingy", limits: ProviderLimits(requestsPerMinute: 60, tokensPerMinute: nil), clock: clock)
        let log = CallLog()
        let ask: @Sendable (String, String) async throws -> Void = { call, tenant in
            let response = try await budget.run(tenant: tenant, tokens: 40) { () throws(ModelError) -> ModelResponse in
                try provider.answer(call)
            }
            #expect(response.text == "ответ на \(call)")
            log.append(call)
        }
        let busy = (0..<30).map { "busy-\($0)" }
        let quiet = (0..<3).map { "quiet-\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for call in busy { group.addTask { try await ask(call, "busy") } }
            await Self.until { budget.snapshot.waiting == 25 && budget.snapshot.inFlight == 0 }
            #expect(provider.refusals >= 1, "Sauda overshot the provider")
            #expect(budget.snapshot.requestsPerMinute == 5, "and learnt that five went through")
            clock.advance(by: .seconds(10))
            for call in quiet { group.addTask { try await ask(call, "quiet") } }
            await Self.until { budget.snapshot.waiting == 28 }
            // A second at a time, for at most ten minutes of the clock.
            var seconds = 0
            while log.count < busy.count + quiet.count, seconds < 600 {
                seconds += 1
                await Self.until { budget.snapshot.inFlight == 0 && (clock.sleeperCount > 0 || log.count == 33) }
                clock.advance(by: .seconds(1))
            }
            try await group.waitForAll()
        }
        let answered = provider.answered
        #expect(answered.count == 33)
        #expect(Set(answered).count == 33, "no call answered twice")
        // After the first refusal the calls went five a minute; every other minute the budget tried three more (its
        // rates growing back) and was refused.
        #expect(provider.refusals <= 10, "the calls slowed down to what the provider allows")
        let order = log.order
        let lastQuiet = quiet.compactMap { order.firstIndex(of: $0) }.max() ?? .max
        #expect(lastQuiet < 15, "the quiet business's calls went in the first rounds after the storm, not behind the busy one's line")
        #expect(clock.now.offset <= .seconds(7 * 60), "five a minute: 33 calls in seven minutes")
    }
}
