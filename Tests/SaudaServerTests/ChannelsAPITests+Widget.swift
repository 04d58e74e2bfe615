import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaServer
import SaudaStore
import Testing

/// `/api/v1/channels` for web-chat widgets: made, shown with their snippet, changed and removed through the same
/// endpoints as WhatsApp numbers, each provider taking only its own fields.
extension ChannelsAPITests {
    static let widgetBody = #"{"provider": "webchat", "name": "Сайт", "allowed_origins": ["https://Shop.kz:443", "https://www.shop.kz"]}"#

    @Test func anAdminMakesAWidgetAndEveryoneSeesItsSnippet() async throws {
        try await Self.withAPI { fixture in
            for token in [fixture.viewer, fixture.operatorToken] {
                #expect(try await Self.call(fixture, .post, token: token, body: Self.widgetBody).status == .forbidden)
            }
            let made = try await Self.call(fixture, .post, token: fixture.admin, body: Self.widgetBody)
            #expect(made.status == .created, "\(made.text)")
            let json = try #require(made.json)
            #expect(json["provider"]?.stringValue == "webchat")
            let id = try #require(json["id"]?.stringValue)
            let publicID = try #require(json["public_id"]?.stringValue)
            #expect(json["settings"]?["allowed_origins"]?.arrayValue?.compactMap(\.stringValue) == ["https://shop.kz", "https://www.shop.kz"])
            #expect(json["settings"]?["position"]?.stringValue == "right")
            #expect(json["webhook"] == nil && json["secrets"]?["token"] == nil, "a widget has no secrets: \(made.text)")
            #expect(json["widget"]?["script_path"]?.stringValue == "/widget/\(publicID).js")
            let snippet = try #require(json["widget"]?["snippet"]?.stringValue)
            #expect(snippet.hasPrefix("<script src=\"http://") && snippet.hasSuffix("/widget/\(publicID).js\" async></script>"), "\(snippet)")

            for token in [fixture.viewer, fixture.operatorToken] {
                let shown = try await Self.call(fixture, .get, "/\(id)", token: token)
                #expect(shown.status == .ok)
                #expect(shown.json?["widget"]?["snippet"]?.stringValue == snippet)
                #expect(try await Self.call(fixture, .patch, "/\(id)", token: token, body: #"{"greeting": "Привет"}"#).status == .forbidden)
            }
            let listed = try await Self.call(fixture, .get, token: fixture.viewer)
            #expect(listed.json?["channels"]?.arrayValue?.first?["public_id"]?.stringValue == publicID)

            let changed = try await Self.call(fixture, .patch, "/\(id)", token: fixture.admin, body: """
                {"greeting": "Здравствуйте! Подберём коврики.", "position": "left", "language": "kk", "accent_color": "#AA3300",
                 "display_name": "Эво", "state": "paused", "allowed_origins": ["https://evo.kz"]}
                """)
            #expect(changed.status == .ok, "\(changed.text)")
            let settings = try #require(changed.json?["settings"])
            #expect(settings["greeting"]?.stringValue == "Здравствуйте! Подберём коврики." && settings["position"]?.stringValue == "left")
            #expect(settings["language"]?.stringValue == "kk" && settings["accent_color"]?.stringValue == "#AA3300")
            #expect(settings["allowed_origins"]?.arrayValue?.compactMap(\.stringValue) == ["https://evo.kz"])
            #expect(changed.json?["state"]?.stringValue == "paused")
            // An empty text shows the default again; the row is what the serving side reads.
            let cleared = try await Self.call(fixture, .patch, "/\(id)", token: fixture.admin, body: #"{"display_name": "", "state": "active"}"#)
            #expect(cleared.status == .ok && cleared.json?["settings"]?["display_name"] == nil, "\(cleared.text)")
            let row = try #require(try await fixture.system.database.read { try await ChannelConnectionRepository($0).find(tenantID: "default", id: id) })
            #expect(row.provider == .webchat && row.state == .active && row.settings.contains("Подберём"))

            // The other business sees none of it; check and webhook are WhatsApp's.
            #expect(try await Self.call(fixture, .get, "/\(id)", token: fixture.otherTenantAdmin).status == .notFound)
            let check = try await Self.call(fixture, .post, "/\(id)/check", token: fixture.admin, body: "{}")
            #expect(check.status == .conflict && check.text.contains("webchat"), "\(check.text)")
            let webhook = try await Self.call(fixture, .post, "/\(id)/webhook", token: fixture.admin, body: #"{"base_url": "https://sauda.example.kz"}"#)
            #expect(webhook.status == .conflict, "\(webhook.text)")

            #expect(try await Self.call(fixture, .delete, "/\(id)", token: fixture.admin).status == .noContent)
            #expect(try await Self.call(fixture, .get, "/\(id)", token: fixture.admin).status == .notFound)
        }
    }

    @Test func aWidgetsBadValuesAndTheOtherProvidersFieldsAreRefusedNamed() async throws {
        try await Self.withAPI { fixture in
            let start = #""provider": "webchat", "name": "Сайт""#
            let good = #"\#(start), "allowed_origins": ["https://shop.kz"]"#
            let cases: [(String, String)] = [
                (#"{\#(start)}"#, "allowed_origins"),
                (#"{\#(start), "allowed_origins": []}"#, "allowed_origins"),
                (#"{\#(start), "allowed_origins": ["*"]}"#, "allowed_origins[0]"),
                (#"{\#(start), "allowed_origins": ["https://shop.kz", "http://shop.kz"]}"#, "allowed_origins[1]"),
                (#"{\#(start), "allowed_origins": ["https://shop.kz/page"]}"#, "allowed_origins[0]"),
                (#"{\#(start), "allowed_origins": "https://shop.kz"}"#, "allowed_origins"),
                (#"{"provider": "webchat", "allowed_origins": ["https://shop.kz"]}"#, "name"),
                (#"{\#(good), "accent_color": "red"}"#, "accent_color"),
                (#"{\#(good), "position": "top"}"#, "position"),
                (#"{\#(good), "language": "de"}"#, "language"),
                (#"{\#(good), "display_name": "   "}"#, "display_name"),
                (#"{\#(good), "display_name": "\#(String(repeating: "я", count: 101))"}"#, "display_name"),
                (#"{\#(good), "greeting": "\#(String(repeating: "я", count: 501))"}"#, "greeting"),
                (#"{\#(good), "state": "failing"}"#, "state"),
                (#"{\#(good), "token": "abcdefgh12345678"}"#, "token"),
                (#"{\#(good), "profile_id": "sim-profile"}"#, "profile_id"),
                (#"{\#(good), "rotate_webhook_secret": true}"#, "rotate_webhook_secret"),
                (#"{"name": "WA", "profile_id": "sim-profile", "token": "abcdefgh12345678", "greeting": "Привет"}"#, "greeting"),
                (#"{\#(good), "provider": "viber"}"#.replacingOccurrences(of: #""provider": "webchat", "#, with: ""), "provider"),
            ]
            for (body, field) in cases {
                let refused = try await Self.call(fixture, .post, token: fixture.admin, body: body)
                #expect(refused.status == .badRequest, "\(body): \(refused.text)")
                #expect(refused.json?["error"]?["reason"]?.stringValue?.contains("«\(field)»") == true, "\(body): \(refused.text)")
            }
            #expect(try await Self.call(fixture, .get, token: fixture.admin).json?["channels"]?.arrayValue?.isEmpty == true)

            // A name is unique within the business, whatever the provider.
            let number = try await Self.create(fixture, name: "Основной WhatsApp")
            let clash = try await Self.call(fixture, .post, token: fixture.admin,
                                            body: #"{"provider": "webchat", "name": "Основной WhatsApp", "allowed_origins": ["https://shop.kz"]}"#)
            #expect(clash.status == .conflict, "\(clash.text)")
            let widget = try await Self.call(fixture, .post, token: fixture.admin, body: "{\(good)}")
            let widgetID = try #require(widget.json?["id"]?.stringValue)
            #expect(try await Self.call(fixture, .patch, "/\(widgetID)", token: fixture.admin, body: #"{"name": "Основной WhatsApp"}"#).status == .conflict)

            // A PATCH takes only the fields of the connection's provider.
            let patches: [(String, String, String)] = [
                (widgetID, #"{"profile_id": "sim-profile"}"#, "profile_id"),
                (widgetID, #"{"token": "abcdefgh12345678"}"#, "token"),
                (widgetID, #"{"greeting": " "}"#, "greeting"),
                (widgetID, #"{"allowed_origins": ["ftp://shop.kz"]}"#, "allowed_origins[0]"),
                (widgetID, #"{"provider": "wappi"}"#, "provider"),
                (number.id, #"{"allowed_origins": ["https://shop.kz"]}"#, "allowed_origins"),
                (number.id, #"{"greeting": "Привет"}"#, "greeting"),
            ]
            for (id, body, field) in patches {
                let refused = try await Self.call(fixture, .patch, "/\(id)", token: fixture.admin, body: body)
                #expect(refused.status == .badRequest, "\(body): \(refused.text)")
                #expect(refused.json?["error"]?["reason"]?.stringValue?.contains("«\(field)»") == true, "\(body): \(refused.text)")
            }
        }
    }

    @Test func aWidgetWhoseStoredSettingsDoNotReadIsNotResetByAPause() async throws {
        try await Self.withAPI { fixture in
            let made = try await Self.call(fixture, .post, token: fixture.admin, body: Self.widgetBody)
            let id = try #require(made.json?["id"]?.stringValue)
            // Another version wrote a position this one does not know.
            try await fixture.system.database.transaction { sql in
                var row = try #require(try await ChannelConnectionRepository(sql).find(tenantID: "default", id: id))
                row.settings = row.settings.replacingOccurrences(of: "\"right\"", with: "\"top\"")
                #expect(row.settings.contains("top"))
                _ = try await ChannelConnectionRepository(sql).update(row, now: Date())
            }
            let paused = try await Self.call(fixture, .patch, "/\(id)", token: fixture.admin, body: #"{"state": "paused"}"#)
            #expect(paused.status == .badRequest && paused.text.contains("«settings»"), "\(paused.text)")
            let stored = try await fixture.system.database.read { sql in try await ChannelConnectionRepository(sql).find(tenantID: "default", id: id) }
            #expect(stored?.settings.contains("https://www.shop.kz") == true, "the sites are kept")
            let mended = try await Self.call(fixture, .patch, "/\(id)", token: fixture.admin,
                                             body: #"{"state": "paused", "allowed_origins": ["https://shop.kz"]}"#)
            #expect(mended.status == .ok, "\(mended.text)")
        }
    }
}
