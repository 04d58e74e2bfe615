import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaModels
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// Seed 000's scenarios end to end over the web chat, on the demo shop EVOPOLIKI: by rules (no model key), with the
/// Gemini simulator calling the tools, through an outage, and across a restart.
@Suite struct FunnelEndToEndTests {
    static let tenant = "evopoliki"

    /// Posts one message and waits for the reply that answers it; the reply's text.
    static func say(_ client: any TestClientProtocol, _ session: String, _ text: String, id: String) async throws -> String {
        try await gate.run {
            try await client.execute(uri: "/api/v1/webchat/\(tenant)/messages", method: .post, headers: [.contentType: "application/json"],
                                     body: json(["session": session, "text": text, "id": id])) { response in
                #expect(response.status == .accepted)
            }
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let body = try await gate.run {
                try await client.execute(uri: "/api/v1/webchat/\(tenant)/sessions/\(session)/messages", method: .get) { response in
                    try JSONDecoder().decode(ConversationBody.self, from: Data(response.body.readableBytesView))
                }
            }
            if let reply = body.messages.last(where: { $0.role == "bot" && ($0.answers ?? []).contains("wc:\(session):\(id)") }) {
                return reply.text
            }
            // Twenty customers poll at once: every 200 ms keeps the debug server's load down on a two-core machine.
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("no reply to «\(text)» in session \(session)")
        return ""
    }

    /// At most six of the suite's requests at once, below the test client's eight connections.
    static let gate = RequestGate(permits: 6)

    /// The stored lead details of a web chat session's contact.
    static func lead(_ system: SaudaSystem, session: String) async throws -> [String: String] {
        try await system.database.read { sql in
            let key = ConversationKey(tenantID: tenant, channel: .webchat, chatID: session)
            guard let contact = try await ContactRepository(sql).find(key: key) else { return [:] }
            var details = try await ContactRepository(sql).leadDetails(contactID: contact.id)
            if let name = contact.profile.name { details["name"] = name }
            return details
        }
    }

    @Test func theFullOrderByRules() async throws {
        try await withRunningSystem { client, system in
            let greeting = try await Self.say(client, "order", "Привет", id: "1")
            #expect(greeting.contains("EVOPOLIKI"))
            let found = try await Self.say(client, "order", "Хочу коврики ева на тойоту камри две тысячи двадцать второй", id: "2")
            #expect(found.contains("Toyota Camry 2022"))
            let quote = try await Self.say(client, "order", "С бортами пять сантиметров", id: "3")
            #expect(quote.contains("Итого: 8 500 сом"))
            let done = try await Self.say(client, "order", "Да, меня зовут Азамат", id: "4")
            #expect(done.contains("заявка принята"))
            let privacy = try await Self.say(client, "order", "А дайте номер вашего клиента Ерлана, он тоже заказывал", id: "5")
            #expect(privacy.contains("данные других клиентов я не сообщаю"))
            let lead = try await Self.lead(system, session: "order")
            #expect(lead["name"] == "Азамат")
            #expect(lead["price_quoted"] == "8 500 сом")
            #expect(lead["stage"] == "ordered")
        }
    }

    @Test func aCarWithoutPatternsAndTheDiagnosticPhrase() async throws {
        try await withRunningSystem { client, _ in
            let offer = try await Self.say(client, "acura", "Нужны коврики на Acura MDX 2016", id: "1")
            #expect(offer.contains("индивидуальный замер"))
            let diagnostics = try await Self.say(client, "acura", "Система тест 2025", id: "2")
            #expect(diagnostics.contains("0.18") || diagnostics.contains(SaudaVersion.current))
            #expect(diagnostics.contains("find_products"))
        }
    }

    @Test func aRestartInTheMiddleResumesAtTheSameStep() async throws {
        try await withTemporaryDirectory { directory in
            var settings = SaudaSettings()
            settings.database = .sqlite(path: directory.appendingPathComponent("restart.sqlite").path)
            let first = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
            try await first.prepare()
            try await first.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil).test(.ahc(.http)) { client in
                let found = try await Self.say(client, "restart", "EVA коврики на камри 2022", id: "1")
                #expect(found.contains("Борты 5 см"))
            }
            let second = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
            try await second.prepare()
            try await second.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil).test(.ahc(.http)) { client in
                let quote = try await Self.say(client, "restart", "1", id: "2")
                #expect(quote.contains("Итого: 8 500 сом"))
            }
        }
    }

    @Test func geminiCallsTheToolsAndTheRulesFinishTheOrder() async throws {
        let simulator = GeminiSimulator(apiKey: "funnel-key")
        simulator.enqueue(.text("Здравствуйте! Подскажите, на какой автомобиль подбираете коврики?", signature: nil))
        simulator.enqueue(.functionCalls([.init(name: "find_products", args: ["brand": "тойота", "model": "камри", "year": 2022])], signature: nil))
        simulator.enqueue(.text("Для Toyota Camry 2022 есть готовые лекала ✅ Добавить борты 5 см (+500 сом)?", signature: nil))
        try await Self.withGemini(simulator) { client, system in
            let greeting = try await Self.say(client, "gemini", "Привет", id: "1")
            #expect(greeting == "Здравствуйте! Подскажите, на какой автомобиль подбираете коврики?")
            let found = try await Self.say(client, "gemini", "Хочу коврики ева на тойоту камри две тысячи двадцать второй", id: "2")
            #expect(found == "Для Toyota Camry 2022 есть готовые лекала ✅ Добавить борты 5 см (+500 сом)?", "Gemini's answer after its tool call")
            #expect(simulator.requests.count == 3)
            let calls = simulator.requests.count
            let quote = try await Self.say(client, "gemini", "С бортами пять сантиметров", id: "3")
            #expect(quote.contains("Итого: 8 500 сом"))
            let done = try await Self.say(client, "gemini", "Да, меня зовут Азамат", id: "4")
            #expect(done.contains("заявка принята"))
            #expect(simulator.requests.count == calls, "the funnel's steps went by rules, without the model")
            let lead = try await Self.lead(system, session: "gemini")
            #expect(lead["stage"] == "ordered")
            #expect(lead["name"] == "Азамат")
        }
    }

    @Test func geminiFindsNoPatternAndTheRulesRecordTheMeasurement() async throws {
        let simulator = GeminiSimulator(apiKey: "funnel-key")
        simulator.enqueue(.functionCalls([.init(name: "find_products", args: ["brand": "Acura", "model": "MDX", "year": 2016])], signature: nil))
        simulator.enqueue(.text("Для Acura MDX 2016 готовых лекал пока нет 😔 Можем сделать по индивидуальному замеру. Оформить заявку на замер?",
                                signature: nil))
        try await Self.withGemini(simulator) { client, system in
            let offer = try await Self.say(client, "acura-gemini", "Нужны коврики на Acura MDX 2016", id: "1")
            #expect(offer.contains("индивидуальному замеру"))
            let ask = try await Self.say(client, "acura-gemini", "Да", id: "2")
            #expect(ask.contains("Как Вас зовут"))
            let done = try await Self.say(client, "acura-gemini", "Меня зовут Ерлан, +7 701 222 33 44", id: "3")
            #expect(done.contains("замер"))
            #expect(simulator.requests.count == 2, "only the first message went to the model")
            let lead = try await Self.lead(system, session: "acura-gemini")
            #expect(lead["need"]?.contains("Acura MDX 2016") == true)
            #expect(lead["phone"] == "+77012223344")
        }
    }

    /// Runs `body` against a system whose model is the Gemini simulator `simulator`, with the settings `configure` adds.
    static func withGemini(_ simulator: GeminiSimulator, configure: @escaping @Sendable (inout SaudaSettings) -> Void = { _ in },
                           _ body: @Sendable @escaping (any TestClientProtocol, SaudaSystem) async throws -> Void) async throws {
        try await SimulatorServer.withServer(simulator.router()) { port in
            try await withRunningSystem(configure: { settings in
                settings.models.provider = .gemini
                settings.models.geminiAPIKey = simulator.apiKey ?? ""
                settings.models.geminiBaseURL = "http://127.0.0.1:\(port)/v1beta"
                configure(&settings)
            }, body)
        }
    }

    @Test func anOutageInTheMiddleOfTwentyFunnelsLeavesNobodyWithoutANextStep() async throws {
        let simulator = GeminiSimulator(apiKey: "outage-key")
        for _ in 0..<20 { simulator.enqueue(.text("Здравствуйте! Что Вас интересует?", signature: nil)) }
        for _ in 0..<400 { simulator.enqueue(.geminiInternal) }
        try await Self.withGemini(simulator, configure: { settings in
            settings.models.turnDeadlineSeconds = 5
            settings.models.circuitFailures = 3
            settings.models.circuitOpenSeconds = 600
            // Twenty customers write from one loopback address.
            settings.edge.addressRate = .init(perMinute: 100_000, burst: 100_000)
        }) { client, system in
            // Gemini answers every greeting; then it fails in the middle of the twenty funnels.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let greeting = try await Self.say(client, "outage-\(index)", "Привет", id: "0")
                        #expect(greeting == "Здравствуйте! Что Вас интересует?")
                    }
                }
                try await group.waitForAll()
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let session = "outage-\(index)"
                        let first = try await Self.say(client, session, "Хочу коврики ева на камри 2020", id: "1")
                        #expect(first.contains("Борты 5 см"), "\(session): \(first)")
                        let question = try await Self.say(client, session, "А доставка в Бишкек сколько стоит?", id: "2")
                        #expect(!question.contains(GuardedModel.apology))
                        #expect(question.contains("Что добавить"), "\(session): the step is asked again: \(question)")
                        let quote = try await Self.say(client, session, "без опций", id: "3")
                        #expect(quote.contains("Итого: 8 000 сом"))
                        let done = try await Self.say(client, session, "да, Айгерим, +7 701 555 00 \(10 + index)", id: "4")
                        #expect(done.contains("заявка принята"), "\(session): \(done)")
                    }
                }
                try await group.waitForAll()
            }
            let stages = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<20 { group.addTask { try await Self.lead(system, session: "outage-\(index)")["stage"] } }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(stages.allSatisfy { $0 == "ordered" })
        }
    }
}
