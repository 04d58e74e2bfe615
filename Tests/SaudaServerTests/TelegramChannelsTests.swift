import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaChannelTelegram
import SaudaChannels
import SaudaCore
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// Connecting a Telegram bot through the admin API and the console: the token is checked by Telegram (the simulator's
/// `getMe`), the bot's id and username kept, the token sealed; bad tokens and a bot connected twice are refused, named.
@Suite struct TelegramChannelsTests {
    static func withSimulator(_ body: @escaping @Sendable (AdminAPITests.Fixture, TelegramSimulator, String) async throws -> Void) async throws {
        let simulator = TelegramSimulator()
        try await SimulatorServer.withServer(simulator.router()) { port in
            try await AdminAPITests.withAdminAPI(configure: { settings in
                // The simulator listens on loopback, inside the installation's network: the installation allows it.
                settings.outbound.allowedHosts = [OutboundHost(host: "127.0.0.1", port: port)]
            }) { fixture in
                _ = try fixture.system.masterKeys.load(creatingFile: true)
                try await body(fixture, simulator, "http://127.0.0.1:\(port)")
            }
        }
    }

    static func post(_ fixture: AdminAPITests.Fixture, _ body: String, path: String = "", method: HTTPRequest.Method = .post) async throws
        -> (status: HTTPResponse.Status, json: JSONValue?) {
        let answer = try await AdminAPITests.call(fixture, method, "/api/v1/channels" + path, token: fixture.admin, body: body)
        return (answer.status, answer.json)
    }

    @Test func anAdminConnectsABotByItsTokenAndBadTokensAreRefusedNamed() async throws {
        try await Self.withSimulator { fixture, simulator, base in
            let token = simulator.addBot(id: 7_200_000_001, username: "kovriki_bot")
            let made = try await Self.post(fixture, #"{"provider": "telegram", "name": "Бот", "token": "\#(token)", "base_url": "\#(base)"}"#)
            #expect(made.status == .created, "\(String(describing: made.json))")
            #expect(made.json?["provider"] == "telegram")
            #expect(made.json?["settings"]?["bot_id"]?.numberValue == 7_200_000_001)
            #expect(made.json?["settings"]?["username"] == "kovriki_bot")
            #expect(made.json?["settings"]?["inbound"] == "polling", "no PUBLIC_URL: the bot polls")
            let id = try #require(made.json?["id"]?.stringValue)
            let publicID = try #require(made.json?["public_id"]?.stringValue)
            #expect(made.json?["webhook"]?["path"]?.stringValue == "/webhooks/telegram/\(publicID)")
            #expect(made.json?["secrets"]?["token"]?["hint"]?.stringValue?.contains(token) == false, "the token is never shown")
            let stored = try await fixture.system.database.read { sql in
                try await SecretRepository(sql).reveal(tenantID: "default", name: ChannelConnection.secretName(connectionID: id, "token"),
                                                       sealer: fixture.system.secrets)
            }
            #expect(stored == token)

            // A token of no bot's form, one Telegram refuses, a bot connected already, a field a bot does not take.
            let malformed = try await Self.post(fixture, #"{"provider": "telegram", "name": "Бот 2", "token": "12345", "base_url": "\#(base)"}"#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.json?["error"]?["reason"]?.stringValue?.contains("«token»") == true)
            let refused = try await Self.post(fixture, #"{"provider": "telegram", "name": "Бот 2", "token": "7200000009:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "base_url": "\#(base)"}"#)
            #expect(refused.status == .badRequest)
            #expect(refused.json?["error"]?["reason"]?.stringValue?.contains("Telegram refused it") == true, "\(String(describing: refused.json))")
            let twice = try await Self.post(fixture, #"{"provider": "telegram", "name": "Бот 2", "token": "\#(token)", "base_url": "\#(base)"}"#)
            #expect(twice.status == .badRequest)
            #expect(twice.json?["error"]?["reason"]?.stringValue?.contains("connected already") == true)
            let foreign = try await Self.post(fixture, #"{"provider": "telegram", "name": "Бот 2", "token": "\#(token)", "profile_id": "x"}"#)
            #expect(foreign.status == .badRequest)
            #expect(foreign.json?["error"]?["reason"]?.stringValue?.contains("profile_id") == true)

            // A token of another bot is refused for this connection; settings change.
            let other = simulator.addBot(id: 7_200_000_002, username: "other_bot")
            let swapped = try await Self.post(fixture, #"{"token": "\#(other)"}"#, path: "/\(id)", method: .patch)
            #expect(swapped.status == .badRequest)
            #expect(swapped.json?["error"]?["reason"]?.stringValue?.contains("@other_bot") == true)
            let changed = try await Self.post(fixture, #"{"human_pause_minutes": 30, "inbound": "webhook"}"#, path: "/\(id)", method: .patch)
            #expect(changed.status == .ok)
            #expect(changed.json?["settings"]?["human_pause_minutes"]?.numberValue == 30)
            #expect(try await Self.post(fixture, #"{"inbound": "carrier-pigeon"}"#, path: "/\(id)", method: .patch).status == .badRequest)

            // The supervisor starts it: /health lists it.
            try await fixture.system.channelSupervisor.reconcile()
            #expect(fixture.system.channelSupervisor.statuses().contains { $0.id == id && $0.provider == .telegram })
        }
    }

    @Test func theConsoleConnectsABotAndShowsTheOwnersAccounts() async throws {
        try await Self.withSimulator { fixture, simulator, base in
            let token = simulator.addBot(id: 7_200_000_011, username: "console_bot")
            let empty = try await DashboardTests.call(fixture, .get, "/console/channels", token: fixture.admin)
            #expect(empty.body.contains("id=\"telegram-form\"") && empty.body.contains("name=\"provider\" value=\"telegram\""))
            let form = ["provider": "telegram", "name": "Бот магазина", "token": token, "inbound": "polling", "base_url": base,
                        "human_pause_minutes": "60"]
            let made = try await DashboardTests.call(fixture, .post, "/console/channels", token: fixture.admin, form: form)
            #expect(made.status == .ok, "\(made.body.prefix(400))")
            let bot = try #require(try await fixture.system.database.read { try await ChannelConnectionRepository($0).list(tenantID: "default") }
                .first { $0.provider == .telegram })
            #expect(made.body.contains("@console_bot"))
            let refused = try await DashboardTests.call(fixture, .post, "/console/channels", token: fixture.admin,
                                                        form: form.merging(["name": "Ещё", "token": "1:bad"]) { $1 })
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("token"))
            // An owner connected the bot to their account: the bot's page lists it.
            try await fixture.system.database.transaction { sql in
                try await BusinessAccountRepository(sql).save(BusinessAccount(connectionID: bot.id, tenantID: "default", accountID: "AQAD-owner",
                                                                              ownerID: "42", ownerName: "Айгерим", canReply: false, enabled: true,
                                                                              updatedAt: Date()))
            }
            let page = try await DashboardTests.call(fixture, .get, "/console/channels?edit=\(bot.id)", token: fixture.admin)
            #expect(page.body.contains("id=\"telegram-business\"") && page.body.contains("Айгерим"))
            #expect(page.body.contains("без права отвечать") || page.body.contains("may not reply"))
            // An empty token keeps the stored one.
            let saved = try await DashboardTests.call(fixture, .post, "/console/channels/\(bot.id)", token: fixture.admin,
                                                      form: form.merging(["token": "", "human_pause_minutes": "15"]) { $1 })
            #expect(saved.status == .ok, "\(saved.body.prefix(400))")
            let after = try #require(try await fixture.system.database.read { try await ChannelConnectionRepository($0).find(tenantID: "default", id: bot.id) })
            #expect(after.settings.contains("\"human_pause_minutes\":15"))
        }
    }
}
