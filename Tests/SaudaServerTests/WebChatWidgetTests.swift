import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaChannels
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// The web-chat widget a business pastes into its own site: its script with the business's look and no demo parts,
/// its API open only to pages of its allowed origins and only while it is open, messages landing in the widget's
/// business, and changes of its row seen within the directory's few seconds.
@Suite struct WebChatWidgetTests {
    static let shop = "https://shop.kz"
    static let settings = WebChatWidgetSettings(allowedOrigins: [shop, "http://localhost:8080"], accentColor: "#E4572E",
                                                greeting: "Сәлем! Коврики </script><b>EVA</b> — спросите нас", position: .left, language: .ru)

    static func script(_ client: any TestClientProtocol, _ publicID: String) async throws -> (HTTPResponse.Status, HTTPFields, String) {
        try await client.execute(uri: "/widget/\(publicID).js", method: .get) { ($0.status, $0.headers, String(buffer: $0.body)) }
    }

    /// The config the script carries, read back from its JSON.
    static func config(in script: String) throws -> [String: Any] {
        let marker = "var config = "
        let start = try #require(script.range(of: marker)).upperBound
        let end = try #require(script.range(of: ";\n", range: start..<script.endIndex)).lowerBound
        return try #require(try JSONSerialization.jsonObject(with: Data(script[start..<end].utf8)) as? [String: Any])
    }

    static func post(_ client: any TestClientProtocol, _ publicID: String, origin: String?, session: String, text: String,
                     id: String) async throws -> (HTTPResponse.Status, HTTPFields, String) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let origin { headers[.origin] = origin }
        return try await client.execute(uri: "/api/v1/widget/\(publicID)/messages", method: .post, headers: headers,
                                        body: json(["session": session, "text": text, "id": id])) { ($0.status, $0.headers, String(buffer: $0.body)) }
    }

    @Test func theScriptCarriesTheBusinesssLookAndNoDemoParts() async throws {
        try await withWidgetSystem { client, system in
            let widget = try await WidgetFixtures.addWidget(system.database, settings: Self.settings)
            let (status, headers, body) = try await Self.script(client, widget.publicID)
            #expect(status == .ok)
            #expect(headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(headers[.xContentTypeOptions] == "nosniff")
            let config = try Self.config(in: body)
            #expect(config["name"] as? String == "Эво Коврики", "the business's name when the widget names none")
            #expect(config["accent_color"] as? String == "#E4572E")
            #expect(config["greeting"] as? String == Self.settings.greeting)
            #expect(config["position"] as? String == "left")
            #expect(config["available"] as? Bool == true)
            #expect(config["public_id"] as? String == widget.publicID)
            #expect(config["allowed_origins"] == nil && !body.contains("shop.kz"), "the allowed origins are not shown")
            #expect(!body.contains("</script>") && body.contains("\\u003c/script\\u003e"), "the business's text cannot end a script")
            #expect(!body.contains("/health") && !body.contains("/stats") && !body.lowercased().contains("phone"),
                    "no health links and no phone mock-up")
            #expect(!body.contains("default"), "the tenant is not named")
        }
    }

    @Test func anAllowedPageChatsEndToEndInTheWidgetsBusiness() async throws {
        try await withWidgetSystem { client, system in
            let widget = try await WidgetFixtures.addWidget(system.database, settings: Self.settings)
            let session = try await client.execute(uri: "/api/v1/widget/\(widget.publicID)/sessions", method: .post,
                                                   headers: [.origin: Self.shop]) { response -> String in
                #expect(response.status == .created)
                #expect(response.headers[.accessControlAllowOrigin] == Self.shop)
                #expect(response.headers[.vary] == "Origin")
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                return try #require(body?["session"] as? String)
            }
            let (status, headers, _) = try await Self.post(client, widget.publicID, origin: Self.shop, session: session,
                                                           text: "Сколько стоят EVA коврики?", id: "q1")
            #expect(status == .accepted)
            #expect(headers[.accessControlAllowOrigin] == Self.shop)
            var replies: [ConversationBody.Message] = []
            let deadline = ContinuousClock.now + .seconds(20)
            while replies.isEmpty, ContinuousClock.now < deadline {
                let body = try await client.execute(uri: "/api/v1/widget/\(widget.publicID)/sessions/\(session)/messages", method: .get,
                                                    headers: [.origin: Self.shop]) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.accessControlAllowOrigin] == Self.shop)
                    return try JSONDecoder().decode(ConversationBody.self, from: Data(response.body.readableBytesView))
                }
                replies = body.messages.filter { $0.role == "bot" }
                if replies.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(replies.first?.answers == ["wc:\(session):q1"], "the offline model answered the widget's visitor")
            let tenants = try await system.database.read { sql in
                try await sql.query("SELECT tenant_id FROM contacts WHERE channel = 'webchat' AND chat_id = ?", [.text(session)])
                    .map { row throws(StoreError) in try row.string("tenant_id") }
            }
            #expect(tenants == ["shop"], "the conversation is the widget's business's, not the default's")
        }
    }

    @Test func aForeignOriginOrNoneIsRefusedAndAPreflightIsAnswered() async throws {
        try await withWidgetSystem { client, system in
            let widget = try await WidgetFixtures.addWidget(system.database, settings: Self.settings)
            let (foreign, foreignHeaders, reason) = try await Self.post(client, widget.publicID, origin: "https://evil.example", session: "s1",
                                                                        text: "Привет", id: "a")
            #expect(foreign == .forbidden)
            #expect(foreignHeaders[.accessControlAllowOrigin] == nil)
            #expect(reason.contains("evil.example") && reason.contains("allowed origins"))
            #expect(try await Self.post(client, widget.publicID, origin: "http://shop.kz", session: "s1", text: "Привет", id: "a").0 == .forbidden,
                    "another scheme is another origin")
            #expect(try await Self.post(client, widget.publicID, origin: nil, session: "s1", text: "Привет", id: "a").0 == .forbidden)
            #expect(try await Self.post(client, widget.publicID, origin: "http://localhost:8080", session: "s1", text: "Привет",
                                        id: "b").0 == .accepted)
            try await client.execute(uri: "/api/v1/widget/\(widget.publicID)/messages", method: .options,
                                     headers: [.origin: Self.shop, .accessControlRequestMethod: "POST",
                                               .accessControlRequestHeaders: "content-type"]) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == Self.shop)
                #expect(response.headers[.accessControlAllowMethods]?.contains("POST") == true)
                #expect(response.headers[.accessControlAllowHeaders]?.lowercased().contains("content-type") == true)
                #expect(response.headers[.vary] == "Origin")
            }
            try await client.execute(uri: "/api/v1/widget/\(widget.publicID)/sessions", method: .options,
                                     headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"]) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
            let messages = try await system.database.read { sql in
                try await sql.query("SELECT count(*) AS n FROM message_logs WHERE chat_id = 's1' AND direction = 'incoming'", []).first?.optionalInt("n")
            }
            #expect(messages == 1, "only the allowed page's message was stored")
        }
    }

    @Test func aPausedWidgetASuspendedBusinessAndAnUnknownIdShowAClosedChat() async throws {
        try await withWidgetSystem { client, system in
            let paused = try await WidgetFixtures.addWidget(system.database, settings: Self.settings, state: .paused)
            let (status, _, body) = try await Self.script(client, paused.publicID)
            #expect(status == .ok, "the script still loads")
            let config = try Self.config(in: body)
            #expect(config["available"] as? Bool == false)
            #expect(config["name"] as? String == "Эво Коврики")
            let (refused, headers, reason) = try await Self.post(client, paused.publicID, origin: Self.shop, session: "s1", text: "Привет", id: "a")
            #expect(refused == .serviceUnavailable && reason.contains("paused"))
            #expect(headers[.accessControlAllowOrigin] == Self.shop, "the page can read why")

            let other = try await WidgetFixtures.addWidget(system.database, tenantID: "closed", businessName: "Закрыто", settings: Self.settings)
            try await WidgetFixtures.suspend(system.database, tenantID: "closed")
            #expect(try Self.config(in: try await Self.script(client, other.publicID).2)["available"] as? Bool == false)
            let (suspended, _, why) = try await Self.post(client, other.publicID, origin: Self.shop, session: "s1", text: "Привет", id: "a")
            #expect(suspended == .serviceUnavailable && why.contains("closed"))

            let (unknownStatus, _, unknownBody) = try await Self.script(client, "0123456789abcdef01234567")
            #expect(unknownStatus == .ok)
            #expect(try Self.config(in: unknownBody)["available"] as? Bool == false)
            #expect(try await Self.post(client, "0123456789abcdef01234567", origin: Self.shop, session: "s1", text: "Привет", id: "a").0 == .notFound)
        }
    }

    @Test func aChangeOfTheRowShowsWithinTheDirectorysTime() async throws {
        let clock = ManualClock()
        try await withWidgetSystem(clock: clock) { client, system in
            let widget = try await WidgetFixtures.addWidget(system.database, settings: Self.settings)
            #expect(try Self.config(in: try await Self.script(client, widget.publicID).2)["greeting"] as? String == Self.settings.greeting)
            var changed = Self.settings
            changed.greeting = "Добрый вечер!"
            let json = changed.json
            try await WidgetFixtures.change(system.database, widget) { $0.settings = json }
            clock.advance(by: .seconds(2))
            #expect(try Self.config(in: try await Self.script(client, widget.publicID).2)["greeting"] as? String == Self.settings.greeting,
                    "remembered for a few seconds")
            clock.advance(by: .seconds(4))
            #expect(try Self.config(in: try await Self.script(client, widget.publicID).2)["greeting"] as? String == "Добрый вечер!")

            try await WidgetFixtures.change(system.database, widget) { $0.settings = json; $0.state = .paused }
            clock.advance(by: .seconds(6))
            #expect(try await Self.post(client, widget.publicID, origin: Self.shop, session: "s1", text: "Привет", id: "a").0 == .serviceUnavailable)
            try await WidgetFixtures.change(system.database, widget) { $0.settings = json; $0.state = .active }
            clock.advance(by: .seconds(6))
            #expect(try await Self.post(client, widget.publicID, origin: Self.shop, session: "s1", text: "Привет", id: "a").0 == .accepted)
        }
    }

    @Test func theDemoPageStaysAsItWas() async throws {
        try await withWidgetSystem { client, _ in
            try await client.execute(uri: "/?tenant=default", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("EventSource"))
            }
        }
    }
}
