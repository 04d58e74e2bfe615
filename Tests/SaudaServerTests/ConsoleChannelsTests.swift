import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// The console's channels page: everyone sees the connections, an admin connects, edits, pauses, checks and removes
/// one; the token never comes back and a bad value comes back named.
@Suite struct ConsoleChannelsTests {
    static let token = "console-token-0123456789"
    static let form: [String: String] = [
        "name": "Основной WhatsApp", "profile_id": "e10f170a-f36a", "token": token, "base_url": "http://wappi.invalid:1", "inbound": "webhook",
        "polling_interval_seconds": "5", "sends_per_minute": "20", "human_pause_minutes": "60",
    ]

    @Test func anAdminConnectsANumberAndEveryoneElseOnlySeesIt() async throws {
        try await DashboardTests.withConsole { fixture in
            _ = try fixture.system.masterKeys.load(creatingFile: true)
            let empty = try await DashboardTests.call(fixture, .get, "/console/channels", token: fixture.viewer)
            #expect(empty.status == .ok)
            #expect(empty.body.contains("href=\"/console/channels\""))
            #expect(!empty.body.contains("id=\"channel-form\""))
            #expect(try await DashboardTests.call(fixture, .post, "/console/channels", token: fixture.operatorToken, form: Self.form).status == .forbidden)

            let made = try await DashboardTests.call(fixture, .post, "/console/channels", token: fixture.admin, form: Self.form)
            #expect(made.status == .ok, "\(made.body.prefix(500))")
            #expect(made.body.contains("/webhooks/wappi/"))
            #expect(!made.body.contains(Self.token))
            let connection = try #require(try await fixture.system.database.read { try await ChannelConnectionRepository($0).list(tenantID: "default") }.first)
            #expect(connection.name == "Основной WhatsApp")

            let listed = try await DashboardTests.call(fixture, .get, "/console/channels", token: fixture.viewer)
            #expect(listed.body.contains("Основной WhatsApp") && listed.body.contains("e10f170a-f36a"))
            #expect(listed.body.contains("/webhooks/wappi/\(connection.publicID)/…"))
            #expect(!listed.body.contains(Self.token))
            #expect(!listed.body.contains("/console/channels/\(connection.id)/remove"), "a viewer has no buttons")

            // A bad value comes back named; an empty token keeps the stored one.
            let bad = try await DashboardTests.call(fixture, .post, "/console/channels/\(connection.id)", token: fixture.admin,
                                                    form: Self.form.merging(["sends_per_minute": "0", "token": ""]) { $1 })
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("sends_per_minute"))
            let edited = try await DashboardTests.call(fixture, .post, "/console/channels/\(connection.id)", token: fixture.admin,
                                                       form: Self.form.merging(["name": "Второй", "token": ""]) { $1 })
            #expect(edited.status == .ok)
            let token = try await fixture.system.database.read { (sql) async throws in
                try await SecretRepository(sql).reveal(tenantID: "default", name: connection.secretName("token"), sealer: fixture.system.secrets)
            }
            #expect(token == Self.token)

            let paused = try await DashboardTests.call(fixture, .post, "/console/channels/\(connection.id)/state", token: fixture.admin, form: ["state": "paused"])
            #expect(paused.status == .seeOther)
            #expect(try await fixture.system.database.read { try await ChannelConnectionRepository($0).find(tenantID: "default", id: connection.id) }?.state == .paused)

            // Wappi cannot be reached at wappi.invalid (a name that never resolves): the page says so.
            let checked = try await DashboardTests.call(fixture, .post, "/console/channels/\(connection.id)/check", token: fixture.admin, form: [:])
            #expect(checked.status == .ok)
            #expect(checked.body.contains("Wappi"))

            let removed = try await DashboardTests.call(fixture, .post, "/console/channels/\(connection.id)/remove", token: fixture.admin, form: [:])
            #expect(removed.status == .seeOther)
            #expect(try await fixture.system.database.read { try await ChannelConnectionRepository($0).list(tenantID: "default") }.isEmpty)
        }
    }
}
