import Foundation
import HTTPTypes
import SaudaCore
import SaudaModels
import SaudaServer
import SaudaSimulators
import Testing

/// The wait for the model's budget as the business sees it: the first page of the console and `/health`.
@Suite struct ModelBudgetConsoleTests {
    /// Alone it takes about 6 s; the limit leaves room for the whole suite running beside it on two cores.
    @Test(.timeLimit(.minutes(3))) func theConsoleAndHealthShowTheCallsWaitingForTheProvidersBudget() async throws {
        let simulator = GeminiSimulator(apiKey: "budget-key")
        try await SimulatorServer.withServer(simulator.router()) { port in
            try await AdminAPITests.withAdminAPI(configure: { settings in
                settings.models.provider = .gemini
                settings.models.geminiAPIKey = "budget-key"
                settings.models.geminiBaseURL = "http://127.0.0.1:\(port)/v1beta"
                // One call a minute: the first customer's call goes, the others wait their turn.
                settings.models.requestsPerMinute = 1
                // Long enough that the second customer still waits when the third one's call comes, however loaded the machine.
                settings.models.turnDeadlineSeconds = 20
            }) { fixture in
                for session in ["first", "second", "third"] {
                    try await DashboardTests.customer(fixture, session: session, text: "Сколько стоит доставка в Алматы?", id: "m1")
                }
                // Seconds alone; under the whole suite on two cores the third turn may take a while to reach the budget.
                let deadline = ContinuousClock.now + .seconds(90)
                while (fixture.system.modelGuard?.budgetStatus.waiting ?? 0) < 2, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                let page = try await DashboardTests.call(fixture, .get, "/console", token: fixture.viewer)
                #expect(page.status == .ok)
                #expect(page.body.contains("Ждут модели: 2 (ваших 2)"), "\(page.body)")
                #expect(page.body.contains("Лимит провайдера сейчас: 1 вызовов в минуту."))
                let other = try await DashboardTests.call(fixture, .get, "/console?lang=en", token: fixture.otherTenantAdmin)
                #expect(other.body.contains("Waiting for the model: 2 (yours 0)"), "another business sees the line, not as its own")
                let health = try await AdminAPITests.call(fixture, .get, "/health", token: fixture.admin)
                let budget = health.json?["model"]?["budget"]
                #expect(budget?["waiting"]?.numberValue == 2)
                #expect(budget?["requests_per_minute"]?.numberValue == 1)
                #expect((budget?["oldest_wait_seconds"]?.numberValue ?? 0) > 0)
            }
        }
    }
}
