import Foundation
import Logging
import Metrics
import SaudaCore

/// The end of the current turn: every model call of the turn shares it (60 s for a whole turn by default).
public enum TurnDeadline {
    /// When the running turn must have its answer; `nil` outside a turn.
    @TaskLocal public static var current: ContinuousClock.Instant?
}

/// Wraps the remote model so that no customer is left without an answer: each call runs within the turn's
/// deadline, within the provider's budget (``ProviderBudget``: its rates, its calls in flight, each business's
/// share, the provider's 429s) and behind a circuit breaker; when the call fails or the
/// breaker is open, the fallback (the offline engine) answers instead, or a short apology when the
/// fallback fails too. Failures are logged, counted in metrics and shown in `/health` through ``status``.
public struct GuardedModel: LanguageModel {
    /// The apology sent when no model can answer and no fallback is configured.
    public static let apology = "Извините, я немного задумался... Попробуйте повторить."
    /// The model name of the apology's response (how a caller recognises it).
    public static let apologyModelName = "apology"

    let primary: any LanguageModel
    let fallback: (any LanguageModel)?
    let breaker: CircuitBreaker
    let budget: ProviderBudget
    let callDeadline: Duration
    /// Measures the deadlines (tests pass a clock they move by hand).
    let clock: AnyClock
    let logger: Logger

    /// Creates a guard.
    /// - Parameters:
    ///   - fallback: answers when the primary cannot; `nil` answers with ``apology``.
    ///   - budget: the provider's budget; a call waits there for its turn, and a 429 sends it back to the head of the line.
    ///   - callDeadline: longest call when no turn deadline is set.
    ///   - clock: the clock a call's deadline is kept on; the turn's deadline (``TurnDeadline``, an instant of the
    ///     continuous clock) is taken as the time left until it.
    public init(primary: any LanguageModel, fallback: (any LanguageModel)?, breaker: CircuitBreaker, budget: ProviderBudget,
                callDeadline: Duration, clock: some Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.primary = primary
        self.fallback = fallback
        self.breaker = breaker
        self.budget = budget
        self.callDeadline = callDeadline
        self.clock = AnyClock(clock)
        self.logger = logger
    }

    public var name: String { primary.name }

    /// The primary's health for `/health`.
    public var status: CircuitBreaker.Snapshot { breaker.snapshot }

    /// What the provider's budget is doing (calls running and waiting, the rates now), for `/health` and the console.
    public var budgetStatus: ProviderBudget.Snapshot { budget.snapshot }

    public func respond(to request: ModelRequest) async throws(ModelError) -> ModelResponse {
        let provider = primary.name
        guard breaker.allowsCall() else {
            return try await useFallback(request, because: ModelError(.circuitOpen, "\(provider) is paused after repeated failures"))
        }
        let turnLeft = TurnDeadline.current.map { ContinuousClock.now.duration(to: $0) }
        let started = clock.now
        let deadline = started + min(turnLeft ?? callDeadline, callDeadline)
        let budget = self.budget
        do {
            // Waiting for the budget (and again after a 429) counts against the deadline too.
            let response = try await Self.withDeadline(deadline, on: clock) { () async throws(ModelError) -> ModelResponse in
                try await budget.run(tenant: request.tenantID ?? "", tokens: request.estimatedInputTokens) { () async throws(ModelError) -> ModelResponse in
                    try await primary.respond(to: request)
                }
            }
            breaker.recordSuccess()
            return response
        } catch {
            // The caller gave up on the answer (its task was cancelled): nothing failed, and nobody waits for a fallback.
            guard !Task.isCancelled else { throw error }
            Counter(label: "sauda_model_failures_total", dimensions: [("provider", provider), ("kind", error.kind.rawValue)]).increment()
            if [.blocked, .invalidRequest].contains(error.kind) {
                // The provider answered (it refused the prompt): it is up, and a half-open trial is settled.
                breaker.recordSuccess()
            } else if error.kind == .deadlineExceeded, deadline - started < callDeadline / 2 {
                // The call started with less than half its time left (earlier rounds of the turn used it):
                // running out is not the provider's fault.
            } else if breaker.recordFailure(error.description) {
                logger.error("model circuit opened: calls go to the fallback", metadata: ["provider": "\(provider)", "error": "\(error)"])
            }
            return try await useFallback(request, because: error)
        }
    }

    private func useFallback(_ request: ModelRequest, because error: ModelError) async throws(ModelError) -> ModelResponse {
        Counter(label: "sauda_model_fallbacks_total", dimensions: [("provider", primary.name), ("reason", error.kind.rawValue)]).increment()
        Counter(label: FailureMetric.label, dimensions: FailureMetric.dimensions(component: "model", cause: error.kind.rawValue)).increment()
        logger.warning("model failed, the fallback answers", metadata: [
            "provider": "\(primary.name)", "purpose": "\(request.purpose.rawValue)", "tenant": "\(request.tenantID ?? "")", "error": "\(error)"])
        if let fallback {
            var plain = request
            // The fallback answers in one call: no tool rounds (it would ask for the same tool again).
            plain.exchanges = []
            plain.tools = []
            if let response = try? await fallback.respond(to: plain) { return response }
        }
        // Classification must stay unknown rather than read an apology as JSON.
        if case .json = request.responseFormat { throw error }
        return ModelResponse(text: Self.apology, finishReason: .stop, usage: .zero, model: Self.apologyModelName)
    }

    /// Runs `body`, cancelling it at `deadline` of `clock`.
    static func withDeadline<T: Sendable>(_ deadline: AnyClock.Instant, on clock: AnyClock,
                                          _ body: @escaping @Sendable () async throws(ModelError) -> T) async throws(ModelError) -> T {
        let result = await withTaskGroup(of: Result<T, ModelError>?.self) { group in
            group.addTask {
                do throws(ModelError) { return .success(try await body()) } catch { return .failure(error) }
            }
            group.addTask {
                try? await clock.sleep(until: deadline)
                return Task.isCancelled ? nil : .failure(ModelError(.deadlineExceeded, "no answer before the turn's deadline"))
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(ModelError(.deadlineExceeded, "cancelled"))
        }
        return try result.get()
    }
}
