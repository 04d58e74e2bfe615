import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

struct ConversationBody: Decodable {
    struct Message: Decodable {
        let id: String
        let role: String
        let text: String
        let status: String
        let replyTo: String?
        let answers: [String]?
        enum CodingKeys: String, CodingKey { case id, role, text, status, answers, replyTo = "reply_to" }
    }
    let messages: [Message]
}

/// Builds the whole system on a scratch SQLite file and runs the HTTP server on a free port.
func withRunningApp(_ test: @Sendable @escaping (any TestClientProtocol) async throws -> Void) async throws {
    try await withRunningSystem { client, _ in try await test(client) }
}

/// As ``withRunningApp(_:)``, with the system (its database) at hand while the server runs, on the settings as
/// `configure` leaves them.
func withRunningSystem(configure: @Sendable (inout SaudaSettings) -> Void = { _ in },
                       _ test: @Sendable @escaping (any TestClientProtocol, SaudaSystem) async throws -> Void) async throws {
    try await withTemporaryDirectory { directory in
        var settings = SaudaSettings()
        settings.database = .sqlite(path: directory.appendingPathComponent("e2e.sqlite").path)
        configure(&settings)
        let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
        try await system.prepare()
        let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
        try await app.test(.ahc(.http)) { client in try await test(client, system) }
    }
}

func json(_ object: [String: Any]) -> ByteBuffer {
    ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
}

func conversation(_ client: any TestClientProtocol, session: String) async throws -> ConversationBody {
    try await client.execute(uri: "/api/v1/webchat/default/sessions/\(session)/messages", method: .get) { response in
        #expect(response.status == .ok)
        return try JSONDecoder().decode(ConversationBody.self, from: Data(response.body.readableBytesView))
    }
}

/// Polls until every customer message of the session is answered by a delivered reply.
func waitForAnswers(_ client: any TestClientProtocol, session: String, count: Int) async throws -> ConversationBody {
    let deadline = ContinuousClock.now + .seconds(20)
    while ContinuousClock.now < deadline {
        let body = try await conversation(client, session: session)
        let answered = Set(body.messages.filter { $0.role == "bot" }.flatMap { $0.answers ?? [] })
        if answered.count >= count { return body }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await conversation(client, session: session)
}

@Suite struct WebChatEndToEndTests {
    @Test func customerMessagesGetRepliesOverHTTP() async throws {
        try await withRunningSystem { client, system in
            let questions = ["Здравствуйте!", "Сколько стоят EVA коврики?", "Есть доставка по Казахстану?", "Давайте созвонимся"]
            for (index, text) in questions.enumerated() {
                try await client.execute(uri: "/api/v1/webchat/default/messages", method: .post,
                                         headers: [.contentType: "application/json"],
                                         body: json(["session": "e2e", "text": text, "id": "q\(index)"])) { response in
                    #expect(response.status == .accepted)
                }
                _ = try await waitForAnswers(client, session: "e2e", count: index + 1)
            }
            let body = try await waitForAnswers(client, session: "e2e", count: questions.count)
            let replies = body.messages.filter { $0.role == "bot" }
            #expect(replies.count == questions.count)
            #expect(replies[1].text.contains("18 000"))
            #expect(replies[2].text.contains("Казпочт"))
            #expect(replies[3].text.contains("10:00"))
            #expect(replies[1].replyTo == "wc:e2e:q1")
            let answered = replies.flatMap { $0.answers ?? [] }
            #expect(answered.sorted() == (0..<4).map { "wc:e2e:q\($0)" }.sorted(), "each message answered exactly once")

            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"status\":\"healthy\""))
            }
            try await client.execute(uri: "/stats", method: .get, headers: try await adminAuthorization(system)) { response in
                let stats = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect(stats?["messages_received_today"] as? Int == 4)
                #expect(stats?["messages_sent_today"] as? Int == 4)
                #expect(stats?["queue_size"] is [String: Any])
                // Usage is written about once a second.
                #expect(stats?["model_usage_today"] is [String: Any])
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("EventSource"))
            }
        }
    }

    /// A web chat visitor has a session, not a phone: neither the customer's nor the bot's entry in the message
    /// log carries one (the session id only addresses the reply).
    @Test func theMessageLogKeepsNoPhoneNumberForAWebChat() async throws {
        try await withRunningSystem { client, system in
            try await client.execute(uri: "/api/v1/webchat/default/messages", method: .post,
                                     headers: [.contentType: "application/json"],
                                     body: json(["session": "visitor-7", "text": "Сколько стоят коврики?", "id": "q1"])) { response in
                #expect(response.status == .accepted)
            }
            _ = try await waitForAnswers(client, session: "visitor-7", count: 1)
            // The reply's entry is written once the sender has delivered it.
            var rows: [SQLRow] = []
            for _ in 0..<200 {
                rows = try await system.database.read { sql in
                    try await sql.query("SELECT direction, phone_number FROM message_logs WHERE chat_id = 'visitor-7' ORDER BY id")
                }
                if rows.count >= 2 { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(rows.map { $0.optionalString("direction") } == ["incoming", "outgoing"])
            #expect(rows.allSatisfy { $0.optionalString("phone_number") == nil })
        }
    }

    @Test func repeatedPostIsRecognisedAndAnsweredOnce() async throws {
        try await withRunningApp { client in
            for expected in [HTTPResponse.Status.accepted, .ok] {
                try await client.execute(uri: "/api/v1/webchat/default/messages", method: .post,
                                         headers: [.contentType: "application/json"],
                                         body: json(["session": "dup", "text": "Какая гарантия?", "id": "same"])) { response in
                    #expect(response.status == expected)
                }
            }
            let body = try await waitForAnswers(client, session: "dup", count: 1)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await conversation(client, session: "dup").messages.filter { $0.role == "bot" }.count == 1)
            #expect(body.messages.filter { $0.role == "customer" }.count == 1)
        }
    }

    @Test func badInputGetsAReasonAndStoresNothing() async throws {
        try await withRunningSystem { client, system in
            let cases: [(ByteBuffer, String, HTTPResponse.Status, String)] = [
                (ByteBuffer(string: "{not json"), "default", .badRequest, "not valid JSON"),
                (json(["text": "hi"]), "default", .badRequest, "session"),
                (json(["session": "s", "text": 5]), "default", .badRequest, "text"),
                (json(["session": "s", "text": String(repeating: "a", count: 1_000_000)]), "default", .contentTooLarge, "larger than"),
                (ByteBuffer(bytes: Array(#"{"session":"s","text":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)), "default", .badRequest, "UTF-8"),
                (json(["session": "s", "text": "hi"]), "nobody", .notFound, "unknown tenant"),
                (json(["session": "s s", "text": "hi"]), "default", .badRequest, "session"),
                (json(["session": "s", "text": "  "]), "default", .badRequest, "empty"),
                // Text a reader cannot see is as empty as none.
                (json(["session": "s", "text": "\u{200B}\u{200D}\u{2060}\u{FEFF}"]), "default", .badRequest, "empty"),
                (json(["session": "s", "text": "\u{0000}"]), "default", .badRequest, "empty"),
                (json(["session": "s", "text": "\u{3164}\u{2800}\u{00AD} \n"]), "default", .badRequest, "empty"),
                (json(["session": "s", "text": String(repeating: "я", count: 4001)]), "default", .badRequest, "longer than 4000"),
            ]
            for (body, tenant, status, reason) in cases {
                try await client.execute(uri: "/api/v1/webchat/\(tenant)/messages", method: .post,
                                         headers: [.contentType: "application/json"], body: body) { response in
                    #expect(response.status == status, "\(reason)")
                    #expect(String(buffer: response.body).contains(reason))
                }
            }
            try await client.execute(uri: "/stats", method: .get, headers: try await adminAuthorization(system)) { response in
                let stats = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect(stats?["messages_received_today"] as? Int == 0)
            }
        }
    }
}
