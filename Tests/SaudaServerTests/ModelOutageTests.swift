import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaAgent
import SaudaCore
import SaudaModels
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// The whole system on Gemini (the simulator over HTTP) when Gemini fails in the middle of a burst.
@Suite struct ModelOutageTests {
    @Test func everyCustomerIsAnsweredOnceWhenTheProviderFailsDuringABurst() async throws {
        let simulator = GeminiSimulator(apiKey: "outage-key")
        simulator.enqueue(.text("Здравствуйте! Ответ от Gemini.", signature: nil))
        for _ in 0..<300 { simulator.enqueue(.geminiInternal) }
        try await SimulatorServer.withServer(simulator.router()) { port in
            try await withTemporaryDirectory { directory in
                var settings = SaudaSettings()
                settings.database = .sqlite(path: directory.appendingPathComponent("outage.sqlite").path)
                settings.models.provider = .gemini
                settings.models.geminiAPIKey = "outage-key"
                settings.models.geminiBaseURL = "http://127.0.0.1:\(port)/v1beta"
                settings.models.turnDeadlineSeconds = 5
                settings.models.circuitFailures = 3
                settings.models.circuitOpenSeconds = 600
                let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
                try await system.prepare()
                let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
                try await app.test(.ahc(.http)) { client in
                    // One message while Gemini works.
                    try await client.execute(uri: "/api/v1/webchat/default/messages", method: .post, headers: [.contentType: "application/json"],
                                             body: json(["session": "before", "text": "Здравствуйте", "id": "b0"])) { response in
                        #expect(response.status == .accepted)
                    }
                    let before = try await waitForAnswers(client, session: "before", count: 1)
                    #expect(before.messages.last?.text == "Здравствуйте! Ответ от Gemini.")

                    // A burst while every call fails.
                    let sessions = (0..<6).map { "burst-\($0)" }
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for session in sessions {
                            group.addTask {
                                for index in 0..<4 {
                                    try await client.execute(uri: "/api/v1/webchat/default/messages", method: .post,
                                                             headers: [.contentType: "application/json"],
                                                             body: json(["session": session, "text": "Сколько стоит доставка? \(index)",
                                                                         "id": "m\(index)"])) { response in
                                        #expect(response.status == .accepted)
                                    }
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                    var replyCount = 2
                    for session in sessions {
                        let body = try await waitForAnswers(client, session: session, count: 4)
                        replyCount += body.messages.filter { $0.role == "bot" }.count
                        let replies = body.messages.filter { $0.role == "bot" }
                        let answered = replies.flatMap { $0.answers ?? [] }
                        #expect(answered.sorted() == (0..<4).map { "wc:\(session):m\($0)" }, "every message answered exactly once")
                        #expect(replies.allSatisfy { !$0.text.isEmpty && $0.text != GuardedModel.apology })
                    }
                    try await client.execute(uri: "/health", method: .get, headers: try await adminAuthorization(system)) { response in
                        let text = String(buffer: response.body)
                        #expect(response.status == .serviceUnavailable)
                        #expect(text.contains("\"circuit\":\"open\""))
                        #expect(text.contains("model gemini is failing"))
                    }
                    // With the circuit open, a new customer is answered without calling Gemini.
                    let calls = simulator.requests.count
                    try await client.execute(uri: "/api/v1/webchat/default/messages", method: .post, headers: [.contentType: "application/json"],
                                             body: json(["session": "after", "text": "Есть гарантия?", "id": "a0"])) { response in
                        #expect(response.status == .accepted)
                    }
                    let after = try await waitForAnswers(client, session: "after", count: 1)
                    #expect(after.messages.filter { $0.role == "bot" }.count == 1)
                    #expect(simulator.requests.count == calls)
                    // Every sales call was recorded with its tokens, one per reply (folded messages share a reply).
                    await system.usageLog.flush()
                    let totals = try await system.database.read { sql in try await ModelUsageRepository(sql).totals(since: .distantPast) }
                    #expect(totals["sales"]?.calls == replyCount)
                    #expect((totals["sales"]?.inputTokens ?? 0) > 0)
                }
            }
        }
    }
}
