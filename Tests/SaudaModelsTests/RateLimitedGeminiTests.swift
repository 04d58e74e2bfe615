import AsyncHTTPClient
import Foundation
import Logging
import SaudaCore
import SaudaModels
import SaudaSimulators
import Synchronization
import Testing

/// The guard's budget against the Gemini simulator's project limit over real HTTP: the 429s with `RetryInfo` come
/// back through the Gemini client into the budget, which sends the refused calls again when the simulator has room.
@Suite struct RateLimitedGeminiTests {
    @Test(.timeLimit(.minutes(1))) func refusedCallsAreSentAgainWhenTheProjectHasRoomAndEveryCallIsAnsweredOnce() async throws {
        // The project allows two calls a second; Sauda is told a hundred (its window is a second here, as the simulator's).
        let limit = SimulatedRateLimit(requests: 2, window: .seconds(1))
        let simulator = GeminiSimulator(apiKey: "test-key", rateLimit: limit)
        try await SimulatorServer.withServer(simulator.router()) { port in
            let gemini = GeminiModel(
                configuration: .init(apiKey: "test-key", model: "gemini-2.5-flash", baseURL: "http://127.0.0.1:\(port)/v1beta",
                                     requestTimeout: .seconds(5), retry: ModelRetryPolicy(retriesRateLimits: false)),
                http: ModelHTTPClient(client: .shared), logger: Logger(label: "test"))
            let budget = ProviderBudget(name: "gemini", limits: ProviderLimits(requestsPerMinute: 100, tokensPerMinute: nil, window: .seconds(1)))
            let model = GuardedModel(primary: gemini, fallback: nil, breaker: CircuitBreaker(failureThreshold: 3, openDuration: .seconds(30)),
                                     budget: budget, callDeadline: .seconds(20), logger: Logger(label: "test"))
            let calls = [("busy", 0), ("busy", 1), ("busy", 2), ("busy", 3), ("quiet", 0), ("quiet", 1)]
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for (tenant, index) in calls {
                    group.addTask {
                        var request = GeminiClientTests.request(["\(tenant) \(index)"])
                        request.tenantID = tenant
                        return try await model.respond(to: request).model
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(answers.count == calls.count)
            #expect(answers.allSatisfy { $0 == "gemini-2.5-flash" }, "every answer is the model's, none the apology")
            #expect(limit.refused >= 4, "the first round overshot the project's limit")
            let answered = simulator.requests.count - limit.refused
            #expect(answered == calls.count, "each call answered once")
            #expect(model.status.state == .closed, "429s are no failure of the provider")
        }
    }
}
