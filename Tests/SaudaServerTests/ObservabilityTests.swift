import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `/metrics` after real turns, the request id of every request and its log lines.
@Suite struct ObservabilityTests {
    static let requestIDField = HTTPFields.Element.Name("X-Request-Id")!
    static let webhookSecret = "observed-secret-0123456789"

    /// The whole system on a scratch SQLite file (with a WhatsApp number whose gateway is never reached), served on a free port.
    static func withApp(logger: Logger = testLogger, registry: PrometheusCollectorRegistry? = nil,
                        _ test: @Sendable @escaping (SaudaSystem, any TestClientProtocol) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            var settings = SaudaSettings()
            settings.database = .sqlite(path: directory.appendingPathComponent("observed.sqlite").path)
            settings.whatsapp = WhatsAppSettings(token: "token", profileID: "profile", baseURL: "http://127.0.0.1:9",
                                                 webhookSecret: webhookSecret)
            settings.whatsapp?.inbound = .webhook
            let system = try SaudaSystem(settings: settings, logger: logger, sqliteDurability: .normal)
            try await system.prepare()
            let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: registry)
            try await app.test(.ahc(.http)) { client in try await test(system, client) }
        }
    }

    static func post(_ client: any TestClientProtocol, session: String, text: String, id: String) async throws {
        try await client.execute(uri: "/api/v1/webchat/default/messages", method: .post, headers: [.contentType: "application/json"],
                                 body: json(["session": session, "text": text, "id": id])) { response in
            #expect(response.status == .accepted)
        }
    }

    static func isGenerated(_ id: String?) -> Bool {
        guard let id else { return false }
        return id.count == 16 && id.allSatisfy(\.isHexDigit)
    }

    @Test func metricsShowTheTurnsOfAWebChat() async throws {
        let registry = TestMetrics.registry
        try await Self.withApp(registry: registry) { system, client in
            let authorization = try await adminAuthorization(system)
            try await Self.post(client, session: "metrics", text: "Сколько стоят EVA коврики?", id: "m1")
            _ = try await waitForAnswers(client, session: "metrics", count: 1)
            // The counters move just after the commits the conversation shows.
            var text = ""
            let deadline = ContinuousClock.now + .seconds(30)
            repeat {
                text = try await client.execute(uri: "/metrics", method: .get, headers: authorization) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/plain; version=0.0.4")
                    return String(buffer: response.body)
                }
                if (TestMetrics.value(of: #"sauda_messages_out_total{channel="webchat"}"#, in: text) ?? 0) >= 1,
                   (TestMetrics.value(of: #"sauda_turn_seconds_count{outcome="replied"}"#, in: text) ?? 0) >= 1 { break }
                try await Task.sleep(for: .milliseconds(50))
            } while ContinuousClock.now < deadline

            #expect((TestMetrics.value(of: #"sauda_messages_in_total{channel="webchat"}"#, in: text) ?? 0) >= 1)
            #expect((TestMetrics.value(of: #"sauda_messages_out_total{channel="webchat"}"#, in: text) ?? 0) >= 1)
            #expect(text.contains("# TYPE sauda_turn_seconds histogram"))
            #expect((TestMetrics.value(of: #"sauda_turn_seconds_count{outcome="replied"}"#, in: text) ?? 0) >= 1)
            #expect(text.contains(#"sauda_turn_seconds_bucket{outcome="replied",le=""#))
            #expect((TestMetrics.value(of: #"sauda_replies_total{channel="webchat"}"#, in: text) ?? 0) >= 1)
            #expect((TestMetrics.value(of: #"sauda_model_latency_seconds_count{provider="offline",model="offline",purpose="sales"}"#,
                                       in: text) ?? 0) >= 1)
            #expect(text.contains(#"sauda_model_tokens_total{provider="offline",model="offline",purpose="sales",direction="output"}"#))
            #expect(text.contains("# TYPE sauda_queue_depth gauge"))
            for queue in QueueName.allCases {
                #expect(TestMetrics.value(of: "sauda_queue_depth{queue=\"\(queue.shortName)\"}", in: text) != nil, "\(queue)")
                #expect(TestMetrics.value(of: "sauda_queue_dead_letters{queue=\"\(queue.shortName)\"}", in: text) == 0, "\(queue)")
            }
            // The message was taken and acknowledged by the turn that answered it.
            #expect(TestMetrics.value(of: #"sauda_queue_depth{queue="incoming"}"#, in: text) == 0)

            // Every sample line is `name{labels} value`.
            let name = try Regex(#"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"]*",?)*\})?$"#)
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let parts = line.split(separator: " ")
                #expect(parts.count == 2 && (try? name.wholeMatch(in: String(parts[0]))) != nil && Double(parts[1]) != nil,
                        "\(line)")
            }
        }
    }

    @Test func everyResponseNamesItsRequestID() async throws {
        try await Self.withApp { _, client in
            let field = Self.requestIDField
            let longest = String(repeating: "a", count: 64)
            for given in ["abc-123.X_y", longest] {
                try await client.execute(uri: "/health", method: .get, headers: [field: given]) { response in
                    #expect(response.headers[field] == given)
                }
            }
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(Self.isGenerated(response.headers[field]))
            }
            for unsafe in [String(repeating: "a", count: 65), "two words", "a/b", "<script>", "id;drop"] {
                try await client.execute(uri: "/health", method: .get, headers: [field: unsafe]) { response in
                    #expect(Self.isGenerated(response.headers[field]), "\(unsafe)")
                }
            }
            // Error responses carry it too: a refused body, an unknown route, a wrong webhook secret.
            try await client.execute(uri: "/api/v1/webchat/default/messages", method: .post,
                                     headers: [field: "bad-json-1", .contentType: "application/json"],
                                     body: ByteBuffer(string: "{not json")) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[field] == "bad-json-1")
                #expect(String(buffer: response.body).contains("\"reason\""))
            }
            try await client.execute(uri: "/no/such/route", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(Self.isGenerated(response.headers[field]))
            }
            try await client.execute(uri: "/webhooks/wappi/default/wrong", method: .post, headers: [field: "hook-1"],
                                     body: ByteBuffer(string: #"{"messages":[]}"#)) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[field] == "hook-1")
            }
        }
    }

    @Test func theLinesOfARequestCarryItsID() async throws {
        let capture = LogCapture()
        try await Self.withApp(logger: capture.logger(level: .debug)) { system, client in
            let field = Self.requestIDField
            try await client.execute(uri: "/api/v1/webchat/default/messages", method: .post,
                                     headers: [field: "trace-refused", .contentType: "application/json"],
                                     body: ByteBuffer(string: "{not json")) { response in
                #expect(response.status == .badRequest)
            }
            let token = try #require(try await system.issueFirstAdminToken())
            try await client.execute(uri: "/api/v1/whitelist", method: .post,
                                     headers: [field: "trace-whitelist", .authorization: "Bearer \(token)", .contentType: "application/json"],
                                     body: json(["phone_number": "+7 701 234 56 78"])) { response in
                #expect(response.status == .created)
            }
            let wrongSecret = "not-the-\(Self.webhookSecret)"
            try await client.execute(uri: "/webhooks/wappi/default/\(wrongSecret)", method: .post, headers: [field: "trace-hook"],
                                     body: ByteBuffer(string: #"{"messages":[]}"#)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/health", method: .get, headers: [field: "trace-health"]) { _ in }
            let lines = capture.lines
            func line(_ message: String, _ id: String) -> LogCapture.Line? {
                lines.first { $0.message == message && $0.metadata["request_id"] == .string(id) }
            }
            let refused = try #require(line("request refused", "trace-refused"))
            #expect(refused.metadata["status"] == "400")
            #expect(refused.metadata["route"] == "/api/v1/webchat/{tenant}/messages")
            #expect(line("whitelist number added", "trace-whitelist") != nil)
            #expect(line("wappi webhook with a wrong secret", "trace-hook") != nil)
            #expect(line("request refused", "trace-hook")?.metadata["route"] == "/webhooks/wappi/{tenant}/{secret}")
            #expect(line("request handled", "trace-health")?.metadata["status"] == "200")
            // The webhook's secret is part of its path: the lines name the route instead.
            #expect(!lines.contains { "\($0.metadata)".contains(wrongSecret) || $0.message.contains(wrongSecret) })
            #expect(lines.filter { $0.message == "request handled" }.allSatisfy { $0.metadata["request_id"] != nil })
        }
    }
}
