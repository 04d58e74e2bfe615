import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// The console's channels page for web-chat widgets: an admin makes one, its page shows the snippet in a code block
/// and edits its settings; it pauses, resumes and is removed as a WhatsApp number is.
extension ConsoleChannelsTests {
    static let widgetForm: [String: String] = [
        "provider": "webchat", "name": "Сайт", "allowed_origins": "https://Shop.kz\r\nhttps://www.shop.kz\r\n", "display_name": "",
        "accent_color": "#1f6feb", "greeting": "", "position": "right", "language": "ru",
    ]

    @Test func anAdminMakesAWidgetAndItsPageShowsTheSnippet() async throws {
        try await DashboardTests.withConsole { fixture in
            let empty = try await DashboardTests.call(fixture, .get, "/console/channels", token: fixture.admin)
            #expect(empty.body.contains("id=\"widget-form\"") && empty.body.contains("name=\"provider\" value=\"webchat\""))
            #expect(try await DashboardTests.call(fixture, .post, "/console/channels", token: fixture.operatorToken, form: Self.widgetForm).status == .forbidden)

            let made = try await DashboardTests.call(fixture, .post, "/console/channels", token: fixture.admin, form: Self.widgetForm)
            #expect(made.status == .ok, "\(made.body.prefix(500))")
            let widget = try #require(try await fixture.system.database.read { try await ChannelConnectionRepository($0).list(tenantID: "default") }.first)
            #expect(widget.provider == .webchat && widget.name == "Сайт")
            #expect(widget.settings.contains("\"allowed_origins\":[\"https://shop.kz\",\"https://www.shop.kz\"]"), "\(widget.settings)")
            // The snippet, escaped, in a copyable block.
            #expect(made.body.contains("<pre class=\"document\" id=\"widget-snippet\"><code>&lt;script src=&quot;http"), "\(made.body)")
            #expect(made.body.contains("/widget/\(widget.publicID).js&quot; async&gt;&lt;/script&gt;</code></pre>"))

            let listed = try await DashboardTests.call(fixture, .get, "/console/channels", token: fixture.viewer)
            #expect(listed.body.contains("Сайт") && listed.body.contains("/widget/\(widget.publicID).js") && listed.body.contains("https://shop.kz"))
            #expect(!listed.body.contains("/console/channels/\(widget.id)/remove"), "a viewer has no buttons")

            let page = try await DashboardTests.call(fixture, .get, "/console/channels?edit=\(widget.id)", token: fixture.admin)
            #expect(page.body.contains("id=\"widget-snippet\"") && page.body.contains("action=\"/console/channels/\(widget.id)\""))

            // A bad value comes back named; a good change is saved and the page stays open.
            let bad = try await DashboardTests.call(fixture, .post, "/console/channels/\(widget.id)", token: fixture.admin,
                                                    form: Self.widgetForm.merging(["allowed_origins": "http://shop.kz"]) { $1 })
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("allowed_origins[0]"), "\(bad.body)")
            let edited = try await DashboardTests.call(fixture, .post, "/console/channels/\(widget.id)", token: fixture.admin,
                                                       form: Self.widgetForm.merging(["greeting": "Здравствуйте!", "position": "left"]) { $1 })
            #expect(edited.status == .ok)
            #expect(edited.body.contains("id=\"widget-snippet\""))
            let saved = try #require(try await fixture.system.database.read { try await ChannelConnectionRepository($0).find(tenantID: "default", id: widget.id) })
            #expect(saved.settings.contains("Здравствуйте!") && saved.settings.contains("\"position\":\"left\""), "\(saved.settings)")

            let paused = try await DashboardTests.call(fixture, .post, "/console/channels/\(widget.id)/state", token: fixture.admin, form: ["state": "paused"])
            #expect(paused.status == .seeOther)
            #expect(try await fixture.system.database.read { try await ChannelConnectionRepository($0).find(tenantID: "default", id: widget.id) }?.state == .paused)
            let resumed = try await DashboardTests.call(fixture, .post, "/console/channels/\(widget.id)/state", token: fixture.admin, form: ["state": "active"])
            #expect(resumed.status == .seeOther)

            let removed = try await DashboardTests.call(fixture, .post, "/console/channels/\(widget.id)/remove", token: fixture.admin, form: [:])
            #expect(removed.status == .seeOther)
            #expect(try await fixture.system.database.read { try await ChannelConnectionRepository($0).list(tenantID: "default") }.isEmpty)
        }
    }
}
