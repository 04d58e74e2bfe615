import Foundation
import Logging
import SaudaCore
import SaudaModels
import SaudaTestSupport
import Synchronization
import Testing

/// A model whose answers a test decides.
final class ScriptedModel: LanguageModel, Sendable {
    let behaviour: @Sendable (ModelRequest) async throws(ModelError) -> ModelResponse
    let calls = Atomic<Int>(0)
    init(_ behaviour: @escaping @Sendable (ModelRequest) async throws(ModelError) -> ModelResponse) { self.behaviour = behaviour }
    var name: String { "scripted" }
    func respond(to request: ModelRequest) async throws(ModelError) -> ModelResponse {
        calls.add(1, ordering: .relaxed)
        return try await behaviour(request)
    }
}

@Suite struct GuardedModelTests {
    static func failing() -> ScriptedModel { ScriptedModel { _ throws(ModelError) in throw ModelError(.transient, "Gemini 503 UNAVAILABLE") } }

    static func guarded(_ primary: ScriptedModel, fallback: (any LanguageModel)? = OfflineEngine(), failures: Int = 2,
                        open: Duration = .milliseconds(200), limit: Int = 8, deadline: Duration = .seconds(5),
                        clock: some Clock<Duration> = ContinuousClock()) -> GuardedModel {
        GuardedModel(primary: primary, fallback: fallback, breaker: CircuitBreaker(failureThreshold: failures, openDuration: open, clock: clock),
                     budget: ProviderBudget(name: "scripted", limits: ProviderLimits(requestsPerMinute: nil, tokensPerMinute: nil, tenantInFlight: limit), clock: clock),
                     callDeadline: deadline, clock: clock, logger: Logger(label: "test"))
    }

    @Test func aFailingProviderIsReplacedByTheOfflineEngineAndTheCircuitOpens() async throws {
        let failing = Self.failing()
        let model = Self.guarded(failing)
        for _ in 0..<4 {
            let response = try await model.respond(to: GeminiClientTests.request(["Сколько стоят EVA коврики?"]))
            #expect(!response.text.isEmpty)
            #expect(response.model != "scripted")
        }
        // Two failures opened the circuit; the next calls did not reach the provider.
        #expect(failing.calls.load(ordering: .relaxed) == 2)
        #expect(model.status.state == .open)
        #expect(model.status.lastError?.contains("503") == true)
    }

    /// A caller that gives up (its task is cancelled, as a turn cancels the reading it no longer waits for) is no
    /// failure of the provider: the circuit stays closed and no fallback answers.
    @Test func aCancelledCallIsNoFailure() async throws {
        // As an HTTP client does, the provider's call ends with an error when its task is cancelled.
        let slow = ScriptedModel { _ throws(ModelError) in
            do { try await Task.sleep(for: .seconds(30)) } catch { throw ModelError(.transient, "the request was cancelled") }
            return ModelResponse(text: "поздно", finishReason: .stop, usage: .zero, model: "remote")
        }
        let model = Self.guarded(slow, failures: 1, deadline: .seconds(60))
        let call = Task { try await model.respond(to: GeminiClientTests.request(["Подумаю"])) }
        while slow.calls.load(ordering: .relaxed) == 0 { await Task.yield() }
        call.cancel()
        let result = await call.result
        #expect((try? result.get()) == nil, "no fallback answer for a caller that left")
        #expect(model.status.state == .closed)
    }

    @Test func theCircuitClosesAfterASuccessfulTrialCall() async throws {
        let healthy = Atomic<Bool>(false)
        let primary = ScriptedModel { _ throws(ModelError) in
            guard healthy.load(ordering: .relaxed) else { throw ModelError(.transient, "down") }
            return ModelResponse(text: "Снова на связи.", finishReason: .stop, usage: .zero, model: "remote")
        }
        let clock = ManualClock()
        let model = Self.guarded(primary, failures: 1, open: .milliseconds(100), clock: clock)
        _ = try await model.respond(to: GeminiClientTests.request(["Привет"]))
        #expect(model.status.state == .open)
        healthy.store(true, ordering: .relaxed)
        clock.advance(by: .milliseconds(150))
        let recovered = try await model.respond(to: GeminiClientTests.request(["Привет"]))
        #expect(recovered.text == "Снова на связи.")
        #expect(model.status.state == .closed)
    }

    @Test(.timeLimit(.minutes(1))) func theTurnDeadlineCutsASlowProviderAndTheApologyAnswers() async throws {
        let cut = Atomic<Bool>(false)
        let slow = ScriptedModel { _ throws(ModelError) in
            try? await Task.sleep(for: .seconds(20))
            if Task.isCancelled { cut.store(true, ordering: .relaxed) }
            return ModelResponse(text: "поздно", finishReason: .stop, usage: .zero, model: "remote")
        }
        // The call's deadline runs on a clock the test moves: the turn has 30 s left, the call
        // may take a minute; the provider answers only after 20 s of real time.
        let clock = ManualClock()
        let model = Self.guarded(slow, fallback: nil, deadline: .seconds(60), clock: clock)
        let started = clock.now
        let answer = Task {
            try await TurnDeadline.$current.withValue(ContinuousClock.now + .seconds(30)) {
                try await model.respond(to: GeminiClientTests.request(["Привет"]))
            }
        }
        await clock.waitForSleepers()
        clock.advance(by: .seconds(30))
        let response = try await answer.value
        #expect(response.text == GuardedModel.apology)
        // Cut at the turn's deadline, not after the provider's answer (nor at the call's own deadline).
        #expect(clock.now - started < .seconds(60))
        let providerWasCut = cut.load(ordering: .relaxed)
        #expect(providerWasCut, "the provider's call was not cancelled at the deadline")
    }

    @Test func classificationIsNotAnsweredWithTheApology() async throws {
        let model = Self.guarded(Self.failing(), fallback: nil)
        await #expect(throws: ModelError.self) {
            try await model.respond(to: GeminiClientTests.request(["Привет"], format: .json(name: "classification", schema: [:])))
        }
    }

    @Test func aTenantGetsNoMoreThanItsLimitAtOnce() async throws {
        let running = Atomic<Int>(0)
        let peak = Atomic<Int>(0)
        let primary = ScriptedModel { _ throws(ModelError) in
            let now = running.add(1, ordering: .relaxed).newValue
            _ = peak.max(now, ordering: .relaxed)
            try? await Task.sleep(for: .milliseconds(30))
            running.subtract(1, ordering: .relaxed)
            return ModelResponse(text: "ok", finishReason: .stop, usage: .zero, model: "remote")
        }
        let model = Self.guarded(primary, limit: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var request = GeminiClientTests.request(["Привет"])
                    request.tenantID = "shop-1"
                    _ = try await model.respond(to: request)
                }
            }
            try await group.waitForAll()
        }
        #expect(peak.load(ordering: .relaxed) == 2)
    }

    @Test func theFallbackAnswersInOneCallWithoutTools() async throws {
        let sawTools = Atomic<Bool>(false)
        let fallback = ScriptedModel { request throws(ModelError) in
            if !request.tools.isEmpty || !request.exchanges.isEmpty { sawTools.store(true, ordering: .relaxed) }
            return ModelResponse(text: "Ответ без инструментов.", finishReason: .stop, usage: .zero, model: "offline")
        }
        let model = Self.guarded(Self.failing(), fallback: fallback)
        var request = GeminiClientTests.request(["Да, записывайте"])
        request.tools = [ToolDeclaration(name: "book_call", description: "", parameters: ["type": "object"])]
        let response = try await model.respond(to: request)
        #expect(response.text == "Ответ без инструментов.")
        let toolsReachedTheFallback = sawTools.load(ordering: .relaxed)
        #expect(!toolsReachedTheFallback)
    }

    @Test func aRefusedPromptSettlesAHalfOpenTrial() async throws {
        let mode = Atomic<Int>(0)
        let primary = ScriptedModel { _ throws(ModelError) in
            if mode.load(ordering: .relaxed) == 0 { throw ModelError(.transient, "down") }
            throw ModelError(.blocked, "the prompt was blocked (SAFETY)")
        }
        let clock = ManualClock()
        let model = Self.guarded(primary, failures: 1, open: .milliseconds(50), clock: clock)
        _ = try await model.respond(to: GeminiClientTests.request(["Привет"]))
        #expect(model.status.state == .open)
        mode.store(1, ordering: .relaxed)
        clock.advance(by: .milliseconds(80))
        _ = try await model.respond(to: GeminiClientTests.request(["Привет"]))
        #expect(model.status.state == .closed)
    }
}
