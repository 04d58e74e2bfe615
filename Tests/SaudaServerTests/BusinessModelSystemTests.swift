import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SaudaCore
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// Two businesses on one system against the Gemini simulator: one keeps the installation's model and key, the other
/// names its own model and key through `/api/v1/settings`; the key is never answered nor logged (docs/businesses.md).
@Suite struct BusinessModelSystemTests {
    static let ownKey = "evo-own-gemini-key-5mTq"

    /// The business named in a recorded request's system instruction.
    static func business(of request: GeminiSimulator.RecordedRequest) -> String? {
        let text = request.body["systemInstruction"]?["parts"]?.arrayValue?.compactMap { $0["text"]?.stringValue }.joined() ?? ""
        return text.contains("Эво Коврики") ? "second" : "default"
    }

    static func write(_ fixture: AdminAPITests.Fixture, tenant: String, session: String, id: String) async throws {
        let body = #"{"session": "\#(session)", "text": "Здравствуйте, сколько стоят коврики EVA на камри?", "id": "\#(id)"}"#
        let accepted = try await AdminAPITests.call(fixture, .post, "/api/v1/webchat/\(tenant)/messages", token: nil, body: body)
        #expect(accepted.status == .accepted)
    }

    @Test func eachBusinessIsAnsweredByItsOwnModelAndKeyAndAChangeNeedsNoRestart() async throws {
        let simulator = GeminiSimulator()
        try await SimulatorServer.withServer(simulator.router()) { port in
            try await withTemporaryDirectory { directory in
                var settings = SaudaSettings()
                settings.database = .sqlite(path: directory.appendingPathComponent("models.sqlite").path)
                settings.adminRequestBurst = 100_000
                settings.models.provider = .gemini
                settings.models.geminiAPIKey = "installation-key"
                settings.models.geminiModel = "gemini-2.5-pro"
                settings.models.geminiBaseURL = "http://127.0.0.1:\(port)/v1beta"
                let logs = LogCapture()
                let system = try SaudaSystem(settings: settings, logger: logs.logger(level: .trace), sqliteDurability: .normal)
                try await system.prepare()
                _ = try system.masterKeys.load(creatingFile: true)
                let tokens = try await system.database.transaction { sql in
                    _ = try await TenantRepository(sql).create(Tenant(id: "second", name: "Эво Коврики", timeZone: "Asia/Almaty"), now: Date())
                    return [try await AccessTokens.issue(tenantID: "default", name: "Марат", role: .admin, in: sql).token,
                            try await AccessTokens.issue(tenantID: "second", name: "Айгерим", role: .admin, in: sql).token]
                }
                let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
                try await app.test(.ahc(.http)) { client in
                    let fixture = AdminAPITests.Fixture(system: system, client: client, admin: tokens[0], operatorToken: "", viewer: "",
                                                        otherTenantAdmin: tokens[1])
                    let saved = try await client.execute(
                        uri: "/api/v1/settings", method: .put,
                        headers: [.contentType: "application/json", .authorization: "Bearer \(tokens[1])"],
                        body: ByteBuffer(string: #"{"settings": {"model": "gemini-2.5-flash"}, "model_api_key": "\#(Self.ownKey)"}"#)
                    ) { response in (response.status, String(buffer: response.body)) }
                    #expect(saved.0 == .ok, "\(saved.1)")
                    #expect(!saved.1.contains(Self.ownKey), "the key is never answered")
                    #expect(saved.1.contains("…5mTq"), "only its hint")

                    try await Self.write(fixture, tenant: "default", session: "d1", id: "m1")
                    try await Self.write(fixture, tenant: "second", session: "s1", id: "m1")
                    #expect(try await AdminEndpointsTests.eventually {
                        Set(simulator.requests.compactMap(Self.business)) == ["default", "second"]
                    })
                    for request in simulator.requests {
                        if Self.business(of: request) == "second" {
                            #expect(request.apiKey == Self.ownKey && request.model == "gemini-2.5-flash")
                        } else {
                            #expect(request.apiKey == "installation-key" && request.model == "gemini-2.5-pro")
                        }
                    }

                    // Back to the installation's model and key: the next turn uses them, without a restart.
                    let reverted = try await AdminAPITests.call(fixture, .put, "/api/v1/settings", token: tokens[1],
                                                                body: #"{"settings": {"model": null}, "model_api_key": null}"#)
                    #expect(reverted.status == .ok)
                    #expect(reverted.json?["model_api_key"] == nil)
                    let before = simulator.requests.count
                    try await Self.write(fixture, tenant: "second", session: "s2", id: "m1")
                    #expect(try await AdminEndpointsTests.eventually {
                        simulator.requests.dropFirst(before).contains { Self.business(of: $0) == "second" }
                    })
                    for request in simulator.requests.dropFirst(before) where Self.business(of: request) == "second" {
                        #expect(request.apiKey == "installation-key" && request.model == "gemini-2.5-pro")
                    }

                    let shown = try await client.execute(uri: "/api/v1/settings", method: .get, headers: [.authorization: "Bearer \(tokens[1])"]) {
                        String(buffer: $0.body)
                    }
                    #expect(!shown.contains(Self.ownKey))
                    #expect(!logs.lines.contains { "\($0.message) \($0.metadata)".contains(Self.ownKey) }, "the key is never logged")
                }
            }
        }
    }

    @Test func aBusinessOnAnotherProviderIsAnsweredThereWithItsOwnKey() async throws {
        let gemini = GeminiSimulator()
        let openAI = OpenAISimulator()
        try await SimulatorServer.withServer(gemini.router()) { geminiPort in
            try await SimulatorServer.withServer(openAI.router()) { openAIPort in
                try await withTemporaryDirectory { directory in
                    var settings = SaudaSettings()
                    settings.database = .sqlite(path: directory.appendingPathComponent("providers.sqlite").path)
                    settings.models.provider = .gemini
                    settings.models.geminiAPIKey = "installation-key"
                    settings.models.geminiBaseURL = "http://127.0.0.1:\(geminiPort)/v1beta"
                    settings.models.openAIBaseURL = "http://127.0.0.1:\(openAIPort)/v1"
                    let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
                    try await system.prepare()
                    _ = try system.masterKeys.load(creatingFile: true)
                    let token = try await system.database.transaction { sql in
                        _ = try await TenantRepository(sql).create(Tenant(id: "second", name: "Эво Коврики", timeZone: "Asia/Almaty"), now: Date())
                        return try await AccessTokens.issue(tenantID: "second", name: "Айгерим", role: .admin, in: sql).token
                    }
                    let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
                    try await app.test(.ahc(.http)) { client in
                        let fixture = AdminAPITests.Fixture(system: system, client: client, admin: token, operatorToken: "", viewer: "",
                                                            otherTenantAdmin: "")
                        let saved = try await AdminAPITests.call(fixture, .put, "/api/v1/settings", token: token, body: """
                            {"settings": {"model_provider": "openai", "model": "gpt-4.1-mini"}, "model_api_key": "sk-evo-own-openai-key-Ab12"}
                            """)
                        #expect(saved.status == .ok)
                        try await Self.write(fixture, tenant: "second", session: "s1", id: "m1")
                        #expect(try await AdminEndpointsTests.eventually { !openAI.requests.isEmpty })
                        for request in openAI.requests {
                            #expect(request.authorization == "Bearer sk-evo-own-openai-key-Ab12")
                            #expect(request.body["model"] == "gpt-4.1-mini")
                        }
                        #expect(!gemini.requests.contains { Self.business(of: $0) == "second" })
                    }
                }
            }
        }
    }

    @Test func aBadKeyIsRefusedNamingTheField() async throws {
        try await AdminAPITests.withAdminAPI { fixture in
            let refused = try await AdminAPITests.call(fixture, .put, "/api/v1/settings", token: fixture.admin,
                                                       body: #"{"model_api_key": "two words"}"#)
            #expect(refused.status == .badRequest)
            #expect(refused.json?["error"]?["reason"]?.stringValue?.contains("model_api_key") == true)
            let viewer = try await AdminAPITests.call(fixture, .put, "/api/v1/settings", token: fixture.viewer,
                                                      body: #"{"model_api_key": "a-key-of-the-viewer-123"}"#)
            #expect(viewer.status == .forbidden)
        }
    }
}
