import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// Two businesses on one system, each with its own WhatsApp number (a Wappi connection on its own simulator):
/// customers are answered from the number they wrote to; a token change, a pause and a suspension take effect
/// without a restart.
@Suite struct ChannelConnectionsEndToEndTests {
    /// One business with its number.
    struct Business: Sendable {
        let tenant: Tenant
        let simulator: WappiSimulator
        let port: Int
        let connection: ChannelConnection
        let webhookSecret: String
    }

    static func withTwoBusinesses(_ body: @escaping @Sendable (SaudaSystem, any TestClientProtocol, Int, Business, Business) async throws -> Void)
        async throws {
        let almatySimulator = WappiSimulator(profileID: "almaty-profile", token: "almaty-token", ownPhone: "77270000001")
        let moscowSimulator = WappiSimulator(profileID: "moscow-profile", token: "moscow-token", ownPhone: "74950000001")
        try await SimulatorServer.withServer(almatySimulator.router()) { almatyPort in
            try await SimulatorServer.withServer(moscowSimulator.router()) { moscowPort in
                try await withTemporaryDirectory { directory in
                    var settings = SaudaSettings()
                    settings.database = .sqlite(path: directory.appendingPathComponent("connections.sqlite").path)
                    let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
                    // The master key file beside the database, as `serve` makes it on its first start.
                    _ = try system.masterKeys.load(creatingFile: true)
                    try await system.prepare()
                    let almaty = try await add(Tenant(id: "almaty", name: "Коврики Алматы", timeZone: "Asia/Almaty"),
                                               simulator: almatySimulator, port: almatyPort, token: "almaty-token", to: system)
                    let moscow = try await add(Tenant(id: "moscow", name: "Коврики Москва", timeZone: "Europe/Moscow"),
                                               simulator: moscowSimulator, port: moscowPort, token: "moscow-token", to: system)
                    let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
                    try await app.test(.ahc(.http)) { client in
                        let port = try #require(client.port)
                        try await system.channelSupervisor.reconcile()
                        for business in [almaty, moscow] {
                            let wappi = WappiClient(profile: WappiProfile(baseURL: "http://127.0.0.1:\(business.port)", token: business.simulator.token,
                                                                          profileID: business.simulator.profileID),
                                                    http: .shared, logger: testLogger)
                            try await wappi.setWebhook(url: "http://127.0.0.1:\(port)/webhooks/wappi/\(business.connection.publicID)/\(business.webhookSecret)")
                            try await wappi.setWebhookTypes(WappiClient.webhookTypes)
                        }
                        try await body(system, client, port, almaty, moscow)
                    }
                }
            }
        }
    }

    /// Makes a business and its Wappi connection as the admin API will: the row, then its sealed secrets.
    static func add(_ tenant: Tenant, simulator: WappiSimulator, port: Int, token: String, to system: SaudaSystem) async throws -> Business {
        let now = Date()
        try await system.database.transaction { sql in _ = try await TenantRepository(sql).create(tenant, now: now) }
        return try await addNumber(to: tenant, name: "WhatsApp", simulator: simulator, port: port, token: token, createdAt: now, in: system)
    }

    /// Adds a Wappi number to a business: the row, then its sealed secrets (its webhook secret named after the row).
    /// - Parameter createdAt: when it was made; the business's first number by age is its default.
    static func addNumber(to tenant: Tenant, name: String, simulator: WappiSimulator, port: Int, token: String, createdAt now: Date,
                          in system: SaudaSystem) async throws -> Business {
        let settings = WappiConnectionSettings(profileID: simulator.profileID, baseURL: "http://127.0.0.1:\(port)", inbound: .webhook)
        let json = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        let connection = ChannelConnection(id: ChannelConnection.newID(for: .wappi), tenantID: tenant.id, provider: .wappi, name: name,
                                           publicID: ChannelConnection.newPublicID(), settings: json, createdAt: now, updatedAt: now)
        let secret = "secret-\(connection.id)-0123456789"
        let sealer = system.secrets
        try await system.database.transaction { sql in
            try await ChannelConnectionRepository(sql).add(connection)
            let secrets = SecretRepository(sql)
            _ = try await secrets.put(tenantID: tenant.id, name: connection.secretName(WappiConnectionSettings.tokenSecret), value: token,
                                      sealer: sealer, now: now)
            _ = try await secrets.put(tenantID: tenant.id, name: connection.secretName(WappiConnectionSettings.webhookSecretName),
                                      value: secret, sealer: sealer, now: now)
        }
        return Business(tenant: tenant, simulator: simulator, port: port, connection: connection, webhookSecret: secret)
    }

    static func update(_ business: Business, in system: SaudaSystem, token: String? = nil,
                       change: @escaping @Sendable (inout ChannelConnection) -> Void = { _ in }) async throws {
        let sealer = system.secrets
        let id = business.connection.id
        let tenantID = business.tenant.id
        try await system.database.transaction { sql in
            let connections = ChannelConnectionRepository(sql)
            guard var connection = try await connections.find(tenantID: tenantID, id: id) else { return }
            if let token {
                _ = try await SecretRepository(sql).put(tenantID: tenantID, name: connection.secretName(WappiConnectionSettings.tokenSecret),
                                                        value: token, sealer: sealer, now: Date())
            }
            change(&connection)
            _ = try await connections.update(connection, now: Date())
        }
        try await system.channelSupervisor.reconcile()
    }

    static let question = "Сколько стоят EVA коврики на Camry?"

    @Test func eachBusinessIsAnsweredFromItsOwnNumberAndChangesTakeEffectWithoutARestart() async throws {
        try await Self.withTwoBusinesses { system, client, _, almaty, moscow in
            // Each customer is answered from the number they wrote to, never from the other business's.
            await almaty.simulator.customerWrites(phone: "77011110001", text: Self.question, name: "Ерлан")
            await moscow.simulator.customerWrites(phone: "79161110001", text: Self.question, name: "Иван")
            #expect(try await WhatsAppEndToEndTests.waitForBotMessages(almaty.simulator, phone: "77011110001", count: 1).count == 1)
            #expect(try await WhatsAppEndToEndTests.waitForBotMessages(moscow.simulator, phone: "79161110001", count: 1).count == 1)
            #expect(almaty.simulator.botMessages(phone: "79161110001").isEmpty)
            #expect(moscow.simulator.botMessages(phone: "77011110001").isEmpty)

            // A new token made in Wappi's cabinet: Sauda's old one is refused (the connection fails), the one saved
            // through the repository works without a restart.
            almaty.simulator.changeToken(to: "almaty-token-2")
            await almaty.simulator.customerWrites(phone: "77011110002", text: Self.question, name: "Дана")
            try await Self.waitUntil { try await Self.state(of: almaty, in: system)?.state == .failing }
            #expect(try await Self.state(of: almaty, in: system)?.lastError?.contains("token") == true)
            try await Self.update(almaty, in: system, token: "almaty-token-2")
            await almaty.simulator.customerWrites(phone: "77011110003", text: Self.question, name: "Асель")
            #expect(try await WhatsAppEndToEndTests.waitForBotMessages(almaty.simulator, phone: "77011110003", count: 1).count == 1)
            // The reply held back while the token was refused goes out too.
            #expect(try await WhatsAppEndToEndTests.waitForBotMessages(almaty.simulator, phone: "77011110002", count: 1, within: .seconds(30))
                .count == 1)
            try await Self.waitUntil { try await Self.state(of: almaty, in: system)?.state == .active }

            // Pausing Moscow's number refuses its webhook with the reason; Almaty goes on answering.
            try await Self.update(moscow, in: system) { $0.state = .paused }
            let refused = try await client.execute(uri: "/webhooks/wappi/\(moscow.connection.publicID)/\(moscow.webhookSecret)", method: .post,
                                                   body: ByteBuffer(string: #"{"messages":[]}"#)) { $0 }
            #expect(refused.status == .conflict)
            #expect(String(buffer: refused.body).contains("connection paused"))
            await almaty.simulator.customerWrites(phone: "77011110004", text: Self.question, name: "Айгерим")
            #expect(try await WhatsAppEndToEndTests.waitForBotMessages(almaty.simulator, phone: "77011110004", count: 1).count == 1)

            // A wrong secret is refused, an unknown address is not found.
            let wrong = try await client.execute(uri: "/webhooks/wappi/\(almaty.connection.publicID)/wrong-secret", method: .post,
                                                 body: ByteBuffer(string: #"{"messages":[]}"#)) { $0 }
            #expect(wrong.status == .forbidden)

            // A suspended business's number stops.
            try await system.database.transaction { sql in
                try await sql.query("UPDATE tenants SET suspended_at = ? WHERE id = ?", [.date(Date()), .text("almaty")])
            }
            try await system.channelSupervisor.reconcile()
            let suspended = try await client.execute(uri: "/webhooks/wappi/\(almaty.connection.publicID)/\(almaty.webhookSecret)", method: .post,
                                                     body: ByteBuffer(string: #"{"messages":[]}"#)) { $0 }
            #expect(suspended.status == .conflict)
            #expect(String(buffer: suspended.body).contains("business suspended"))

            // `/health` lists both connections, never a token or a secret.
            let lines = system.channelSupervisor.statuses().map(\.line)
            #expect(lines.count == 2)
            #expect(lines.contains { $0.contains(almaty.connection.id) && $0.contains("suspended") })
            #expect(lines.contains { $0.contains(moscow.connection.id) && $0.contains("paused") })
            #expect(!lines.joined().contains("token-2") && !lines.joined().contains("secret-"))
        }
    }

    /// `WAPPI_*` becomes the default business's connection «WhatsApp» once, and the old webhook address delivers for it.
    @Test func theNumberOfWappiEnvironmentBecomesTheDefaultBusinesssConnection() async throws {
        let simulator = WappiSimulator()
        try await SimulatorServer.withServer(simulator.router()) { wappiPort in
            try await withTemporaryDirectory { directory in
                var settings = SaudaSettings()
                settings.database = .sqlite(path: directory.appendingPathComponent("seed.sqlite").path)
                settings.whatsapp = WhatsAppSettings(token: "sim-token", profileID: "sim-profile", baseURL: "http://127.0.0.1:\(wappiPort)",
                                                     webhookSecret: WhatsAppEndToEndTests.secret, humanPauseMinutes: 60)
                settings.whatsapp?.inbound = .webhook
                let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
                _ = try system.masterKeys.load(creatingFile: true)
                try await system.prepare()
                try await system.prepare()
                let connections = try await system.database.read { sql in try await ChannelConnectionRepository(sql).list(tenantID: Tenant.defaultID) }
                #expect(connections.map(\.name) == ["WhatsApp"], "made once")
                let made = try #require(connections.first)
                #expect(made.settings.contains("sim-profile"))
                #expect(!made.settings.contains("sim-token"), "the token is a sealed secret, not a setting")
                let token = try await system.database.read { sql in
                    try await SecretRepository(sql).reveal(tenantID: Tenant.defaultID, name: made.secretName(WappiConnectionSettings.tokenSecret),
                                                           sealer: system.secrets)
                }
                #expect(token == "sim-token")
                let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
                try await app.test(.ahc(.http)) { client in
                    let port = try #require(client.port)
                    try await system.channelSupervisor.reconcile()
                    #expect(system.wappiConnections.connectionIDs == [made.id])
                    let wappi = try #require(system.wappiClients[Tenant.defaultID])
                    try await wappi.setWebhook(url: "http://127.0.0.1:\(port)/webhooks/wappi/default/\(WhatsAppEndToEndTests.secret)")
                    try await wappi.setWebhookTypes(WappiClient.webhookTypes)
                    await simulator.customerWrites(phone: "77011119999", text: Self.question, name: "Ерлан")
                    #expect(try await WhatsAppEndToEndTests.waitForBotMessages(simulator, phone: "77011119999", count: 1).count == 1)
                    #expect(system.channelSupervisor.statuses().map(\.line) == ["\(made.id) default wappi «WhatsApp» active"])
                }
            }
        }
    }

    static func state(of business: Business, in system: SaudaSystem) async throws -> ChannelConnection? {
        try await system.database.read { sql in
            try await ChannelConnectionRepository(sql).find(tenantID: business.tenant.id, id: business.connection.id)
        }
    }

    static func waitUntil(within timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("condition not met within \(timeout)")
    }
}
