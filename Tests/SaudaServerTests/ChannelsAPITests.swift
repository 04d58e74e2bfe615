import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SaudaChannelWappi
import SaudaCore
import SaudaServer
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

/// `/api/v1/channels`: a business's channel connections, their token and webhook secret sealed and never shown after
/// the answer that made them, checked against the Wappi simulator.
@Suite struct ChannelsAPITests {
    static let token = "sim-token"

    struct Fixture: Sendable {
        let system: SaudaSystem
        let client: any TestClientProtocol
        let admin: String
        let operatorToken: String
        let viewer: String
        let otherTenantAdmin: String
        let logs: LogCapture
        let simulator: WappiSimulator
        let wappiURL: String
    }

    static func withAPI(_ body: @escaping @Sendable (Fixture) async throws -> Void) async throws {
        let simulator = WappiSimulator()
        try await SimulatorServer.withServer(simulator.router()) { wappiPort in
            try await withTemporaryDirectory { directory in
                var settings = SaudaSettings()
                settings.database = .sqlite(path: directory.appendingPathComponent("channels.sqlite").path)
                // The simulator listens on loopback, inside the installation's network: the installation allows it.
                settings.outbound.allowedHosts = [OutboundHost(host: "127.0.0.1", port: wappiPort)]
                let logs = LogCapture()
                let system = try SaudaSystem(settings: settings, logger: logs.logger(level: .trace), sqliteDurability: .normal)
                try await system.prepare()
                _ = try system.masterKeys.load(creatingFile: true)
                let tokens = try await system.database.transaction { sql in
                    _ = try await TenantRepository(sql).create(Tenant(id: "second", name: "Второй", timeZone: "Europe/Moscow"), now: Date())
                    return [
                        try await AccessTokens.issue(tenantID: "default", name: "Марат", role: .admin, in: sql).token,
                        try await AccessTokens.issue(tenantID: "default", name: "Оператор", role: .operator, in: sql).token,
                        try await AccessTokens.issue(tenantID: "default", name: "Бухгалтер", role: .viewer, in: sql).token,
                        try await AccessTokens.issue(tenantID: "second", name: "Чужой", role: .admin, in: sql).token,
                    ]
                }
                let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
                try await app.test(.ahc(.http)) { client in
                    try await body(Fixture(system: system, client: client, admin: tokens[0], operatorToken: tokens[1], viewer: tokens[2],
                                           otherTenantAdmin: tokens[3], logs: logs, simulator: simulator,
                                           wappiURL: "http://127.0.0.1:\(wappiPort)"))
                }
            }
        }
    }

    static func call(_ fixture: Fixture, _ method: HTTPRequest.Method, _ path: String = "", token: String, body: String? = nil)
        async throws -> (status: HTTPResponse.Status, json: JSONValue?, text: String) {
        try await fixture.client.execute(uri: "/api/v1/channels" + path, method: method,
                                         headers: [.contentType: "application/json", .authorization: "Bearer \(token)"],
                                         body: body.map { ByteBuffer(string: $0) }) { response in
            let data = Data(response.body.readableBytesView)
            return (response.status, data.isEmpty ? nil : try? JSONValue.parse(data), String(decoding: data, as: UTF8.self))
        }
    }

    static func create(_ fixture: Fixture, name: String = "Основной WhatsApp", token: String = Self.token) async throws
        -> (id: String, secret: String, json: JSONValue?, text: String) {
        let made = try await call(fixture, .post, token: fixture.admin, body: """
            {"name": "\(name)", "profile_id": "sim-profile", "base_url": "\(fixture.wappiURL)", "inbound": "webhook",
             "sends_per_minute": 30, "token": "\(token)"}
            """)
        #expect(made.status == .created, "\(made.text)")
        let id = try #require(made.json?["id"]?.stringValue)
        let path = try #require(made.json?["webhook"]?["path"]?.stringValue)
        return (id, String(path.split(separator: "/").last ?? ""), made.json, made.text)
    }

    @Test func anAdminConnectsANumberAndItsSecretsAreNeverShownAgain() async throws {
        try await Self.withAPI { fixture in
            #expect(try await Self.call(fixture, .get, token: fixture.viewer).json?["channels"]?.arrayValue?.isEmpty == true)
            let made = try await Self.create(fixture)
            #expect(made.json?["provider"]?.stringValue == "wappi")
            #expect(made.json?["state"]?.stringValue == "active")
            #expect(made.json?["settings"]?["profile_id"]?.stringValue == "sim-profile")
            #expect(made.json?["settings"]?["sends_per_minute"]?.numberValue == 30)
            #expect(made.json?["settings"]?["polling_interval_seconds"]?.numberValue == 5)
            #expect(made.json?["webhook"]?["secret_shown"]?.boolValue == true)
            #expect(made.secret.count == 32)
            let publicID = try #require(made.json?["public_id"]?.stringValue)
            #expect(made.json?["webhook"]?["path"]?.stringValue == "/webhooks/wappi/\(publicID)/\(made.secret)")
            #expect(!made.text.contains(Self.token))

            let listed = try await Self.call(fixture, .get, token: fixture.viewer)
            #expect(listed.status == .ok)
            let first = listed.json?["channels"]?.arrayValue?.first
            #expect(first?["id"]?.stringValue == made.id)
            #expect(first?["webhook"]?["path"]?.stringValue == "/webhooks/wappi/\(publicID)/…")
            #expect(first?["webhook"]?["secret_shown"]?.boolValue == false)
            #expect(first?["secrets"]?["token"]?["hint"]?.stringValue == "…")
            #expect(!listed.text.contains(Self.token) && !listed.text.contains(made.secret))
            let one = try await Self.call(fixture, .get, "/\(made.id)", token: fixture.operatorToken)
            #expect(one.status == .ok && !one.text.contains(made.secret))

            // Another business sees none of it.
            #expect(try await Self.call(fixture, .get, token: fixture.otherTenantAdmin).json?["channels"]?.arrayValue?.isEmpty == true)
            #expect(try await Self.call(fixture, .get, "/\(made.id)", token: fixture.otherTenantAdmin).status == .notFound)
            #expect(try await Self.call(fixture, .patch, "/\(made.id)", token: fixture.otherTenantAdmin, body: #"{"state": "paused"}"#).status == .notFound)
            #expect(try await Self.call(fixture, .delete, "/\(made.id)", token: fixture.otherTenantAdmin).status == .notFound)

            // Paused, renamed, a new token: the version moves, the token's hint changes, nothing secret is answered.
            let longToken = "0123456789abcdef0123456789abcdef01234567"
            let changed = try await Self.call(fixture, .patch, "/\(made.id)", token: fixture.admin,
                                              body: #"{"state": "paused", "name": "  Второй номер ", "token": "\#(longToken)", "inbound": "polling"}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(changed.json?["state"]?.stringValue == "paused")
            #expect(changed.json?["name"]?.stringValue == "Второй номер")
            #expect(changed.json?["settings"]?["inbound"]?.stringValue == "polling")
            #expect(changed.json?["settings"]?["sends_per_minute"]?.numberValue == 30, "fields left out keep their values")
            #expect(changed.json?["version"]?.numberValue == 2)
            #expect(changed.json?["secrets"]?["token"]?["hint"]?.stringValue == "…4567")
            #expect(!changed.text.contains(longToken))
            let opened = try await fixture.system.database.read { (sql) async throws in
                try await SecretRepository(sql).reveal(tenantID: "default", name: ChannelConnection.secretName(connectionID: made.id, "token"),
                                                       sealer: fixture.system.secrets)
            }
            #expect(opened == longToken)

            // Rotating the webhook secret answers the new one once.
            let rotated = try await Self.call(fixture, .patch, "/\(made.id)", token: fixture.admin, body: #"{"rotate_webhook_secret": true}"#)
            let newPath = try #require(rotated.json?["webhook"]?["path"]?.stringValue)
            #expect(rotated.json?["webhook"]?["secret_shown"]?.boolValue == true)
            #expect(!newPath.hasSuffix(made.secret) && !newPath.hasSuffix("…"))

            // Nothing secret in any log line, at trace level.
            let logged = fixture.logs.lines.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
            #expect(logged.contains("channel connection changed"))
            for secret in [Self.token, longToken, made.secret, String(newPath.split(separator: "/").last ?? "")] {
                #expect(!logged.contains(secret), "a log line holds a secret")
            }

            #expect(try await Self.call(fixture, .delete, "/\(made.id)", token: fixture.admin).status == .noContent)
            #expect(try await Self.call(fixture, .get, "/\(made.id)", token: fixture.admin).status == .notFound)
            let left = try await fixture.system.database.read { try await SecretRepository($0).list(tenantID: "default") }
            #expect(!left.contains { $0.name.hasPrefix("channel.") })
        }
    }

    @Test func badValuesAreRefusedNamingTheFieldAndOnlyAnAdminWrites() async throws {
        try await Self.withAPI { fixture in
            let good = #""name": "WA", "profile_id": "sim-profile", "token": "abcdefgh12345678""#
            for token in [fixture.viewer, fixture.operatorToken] {
                #expect(try await Self.call(fixture, .post, token: token, body: "{\(good)}").status == .forbidden)
            }
            let cases: [(String, String)] = [
                (#"{"profile_id": "sim-profile", "token": "abcdefgh1"}"#, "name"),
                (#"{"name": "   ", "profile_id": "sim-profile", "token": "abcdefgh1"}"#, "name"),
                (#"{"name": "\#(String(repeating: "я", count: 101))", "profile_id": "sim-profile", "token": "abcdefgh1"}"#, "name"),
                (#"{"name": "WA", "token": "abcdefgh1"}"#, "profile_id"),
                (#"{"name": "WA", "profile_id": "sim profile!", "token": "abcdefgh1"}"#, "profile_id"),
                (#"{"name": "WA", "profile_id": "sim-profile"}"#, "token"),
                (#"{"name": "WA", "profile_id": "sim-profile", "token": "short"}"#, "token"),
                (#"{"name": "WA", "profile_id": "sim-profile", "token": "has space 123"}"#, "token"),
                (#"{\#(good), "base_url": "ftp://wappi.pro"}"#, "base_url"),
                (#"{\#(good), "base_url": "https://user:pass@wappi.pro"}"#, "base_url"),
                // Inside the installation's network and not on its allow-list: Sauda would call it with the token.
                (#"{\#(good), "base_url": "http://127.0.0.1:5432"}"#, "base_url"),
                (#"{\#(good), "base_url": "http://169.254.169.254/latest"}"#, "base_url"),
                (#"{\#(good), "base_url": "http://10.0.0.7"}"#, "base_url"),
                (#"{\#(good), "base_url": "http://localhost:9000"}"#, "base_url"),
                (#"{\#(good), "inbound": "carrier-pigeon"}"#, "inbound"),
                (#"{\#(good), "polling_interval_seconds": 0}"#, "polling_interval_seconds"),
                (#"{\#(good), "polling_interval_seconds": 3601}"#, "polling_interval_seconds"),
                (#"{\#(good), "sends_per_minute": 10001}"#, "sends_per_minute"),
                (#"{\#(good), "human_pause_minutes": 100001}"#, "human_pause_minutes"),
                (#"{\#(good), "state": "failing"}"#, "state"),
                (#"{\#(good), "provider": "viber"}"#, "provider"),
                (#"{\#(good), "colour": "green"}"#, "colour"),
                (#"{\#(good), "sends_per_minute": "many"}"#, "sends_per_minute"),
                (#"{\#(good), "sends_per_minute": 1.5}"#, "sends_per_minute"),
            ]
            for (body, field) in cases {
                let refused = try await Self.call(fixture, .post, token: fixture.admin, body: body)
                #expect(refused.status == .badRequest, "\(body): \(refused.text)")
                #expect(refused.json?["error"]?["reason"]?.stringValue?.contains("«\(field)»") == true, "\(body): \(refused.text)")
            }
            // Every problem of a body is named at once.
            let several = try await Self.call(fixture, .post, token: fixture.admin, body: #"{"name": "WA", "profile_id": "x y", "token": "s", "sends_per_minute": 0}"#)
            for field in ["profile_id", "token", "sends_per_minute"] {
                #expect(several.json?["error"]?["reason"]?.stringValue?.contains("«\(field)»") == true, "\(field): \(several.text)")
            }
            #expect(try await Self.call(fixture, .post, token: fixture.admin, body: "[1]").status == .badRequest)
            #expect(try await Self.call(fixture, .get, token: fixture.admin).json?["channels"]?.arrayValue?.isEmpty == true)

            let made = try await Self.create(fixture, name: "WA")
            let inward = try await Self.call(fixture, .patch, "/\(made.id)", token: fixture.admin, body: #"{"base_url": "http://127.0.0.1:6379"}"#)
            #expect(inward.status == .badRequest && inward.text.contains("OUTBOUND_ALLOWED_HOSTS"), "\(inward.text)")
            // The name is unique within the business, not across businesses.
            let again = try await Self.call(fixture, .post, token: fixture.admin, body: "{\(good)}")
            #expect(again.status == .conflict && again.text.contains("«name»"), "\(again.text)")
            #expect(try await Self.call(fixture, .post, token: fixture.otherTenantAdmin, body: "{\(good)}").status == .created)
            for token in [fixture.viewer, fixture.operatorToken] {
                #expect(try await Self.call(fixture, .patch, "/\(made.id)", token: token, body: #"{"state": "paused"}"#).status == .forbidden)
                #expect(try await Self.call(fixture, .delete, "/\(made.id)", token: token).status == .forbidden)
                #expect(try await Self.call(fixture, .post, "/\(made.id)/check", token: token).status == .forbidden)
            }
            let badPatch = try await Self.call(fixture, .patch, "/\(made.id)", token: fixture.admin, body: #"{"rotate_webhook_secret": "yes"}"#)
            #expect(badPatch.status == .badRequest && badPatch.text.contains("rotate_webhook_secret"), "\(badPatch.text)")
            #expect(try await Self.call(fixture, .patch, "/bad%20id", token: fixture.admin, body: "{}").status == .badRequest)
            #expect(try await Self.call(fixture, .patch, "/wa-00000000", token: fixture.admin, body: "{}").status == .notFound)
        }
    }

    @Test func aCheckAsksWappiAndRecordsTheAnswer() async throws {
        try await Self.withAPI { fixture in
            let made = try await Self.create(fixture)
            let checked = try await Self.call(fixture, .post, "/\(made.id)/check", token: fixture.admin)
            #expect(checked.status == .ok, "\(checked.text)")
            #expect(checked.json?["ready"]?.boolValue == true)
            #expect(checked.json?["status"]?["authorized"]?.boolValue == true)
            #expect(checked.json?["status"]?["phone"]?.stringValue == fixture.simulator.ownPhone)
            #expect(checked.json?["connection"]?["state"]?.stringValue == "active")

            // A wrong token: Wappi's 401 is the answer, and the connection is failing with it.
            let wrong = try await Self.call(fixture, .patch, "/\(made.id)", token: fixture.admin, body: #"{"token": "wrong-token-123"}"#)
            #expect(wrong.status == .ok)
            let refused = try await Self.call(fixture, .post, "/\(made.id)/check", token: fixture.admin)
            #expect(refused.status == .ok)
            #expect(refused.json?["ready"]?.boolValue == false)
            #expect(refused.json?["error"]?["kind"]?.stringValue == "unauthorized")
            #expect(refused.json?["connection"]?["state"]?.stringValue == "failing")
            #expect(refused.json?["connection"]?["last_error"]?.stringValue?.contains("unauthorized") == true)
            #expect(!refused.text.contains("wrong-token-123"))

            // The right token mends it.
            _ = try await Self.call(fixture, .patch, "/\(made.id)", token: fixture.admin, body: #"{"token": "\#(Self.token)"}"#)
            let mended = try await Self.call(fixture, .post, "/\(made.id)/check", token: fixture.admin)
            #expect(mended.json?["connection"]?["state"]?.stringValue == "active")
            #expect(mended.json?["connection"]?["last_error"] == nil)
        }
    }

    @Test(.timeLimit(.minutes(3))) func aWappiThatNeverAnswersIsAnErrorWithinTheCallsTimeNotAHang() async throws {
        try await Self.withAPI { fixture in
            let made = try await Self.create(fixture)
            try await LoopbackHTTPServer.with(routes: { _ in .silent }) { silent in
                // The row points at a server that takes the connection and never answers (as a firewalled or dead
                // address does); the call gives up after its own time and says so, and the row is left as it was.
                try await fixture.system.database.transaction { sql in
                    var connection = try #require(try await ChannelConnectionRepository(sql).find(tenantID: "default", id: made.id))
                    var settings = try JSONDecoder().decode(WappiConnectionSettings.self, from: Data(connection.settings.utf8))
                    settings.baseURL = silent.root
                    connection.settings = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
                    _ = try await ChannelConnectionRepository(sql).update(connection, now: Date())
                }
                let calls = WappiConnectionCalls(database: fixture.system.database, secrets: fixture.system.secrets,
                                                 timeout: .milliseconds(300), logger: fixture.logs.logger(level: .trace))
                let started = ContinuousClock.now
                let check = try await calls.check(id: made.id, tenantID: "default")
                #expect(ContinuousClock.now - started < .seconds(20), "the call gave up after its 300 ms, not the client's own time")
                #expect(check.status == nil && check.ready == false)
                #expect(check.error?.retryable == true, "\(String(describing: check.error))")
                #expect(silent.connections == 1)
                let row = try await fixture.system.database.read { sql in
                    try await ChannelConnectionRepository(sql).find(tenantID: "default", id: made.id)
                }
                #expect(row?.state == .active && row?.lastError == nil)
            }
        }
    }

    @Test func registeringTheWebhookReachesWappi() async throws {
        try await Self.withAPI { fixture in
            let made = try await Self.create(fixture)
            let missing = try await Self.call(fixture, .post, "/\(made.id)/webhook", token: fixture.admin, body: "{}")
            #expect(missing.status == .badRequest && missing.text.contains("«base_url»"), "\(missing.text)")
            let bad = try await Self.call(fixture, .post, "/\(made.id)/webhook", token: fixture.admin, body: #"{"base_url": "ftp://sauda.example.kz"}"#)
            #expect(bad.status == .badRequest && bad.text.contains("«base_url»"), "\(bad.text)")

            let registered = try await Self.call(fixture, .post, "/\(made.id)/webhook", token: fixture.admin,
                                                 body: #"{"base_url": "https://sauda.example.kz/"}"#)
            #expect(registered.status == .ok, "\(registered.text)")
            let publicID = try #require(made.json?["public_id"]?.stringValue)
            #expect(registered.json?["webhook_url"]?.stringValue == "https://sauda.example.kz/webhooks/wappi/\(publicID)/…")
            #expect(!registered.text.contains(made.secret))
            #expect(fixture.simulator.webhookURL == "https://sauda.example.kz/webhooks/wappi/\(publicID)/\(made.secret)")

            // Wappi's refusal is a 502 with its reason.
            _ = try await Self.call(fixture, .patch, "/\(made.id)", token: fixture.admin, body: #"{"token": "wrong-token-123"}"#)
            let refused = try await Self.call(fixture, .post, "/\(made.id)/webhook", token: fixture.admin, body: #"{"base_url": "https://sauda.example.kz"}"#)
            #expect(refused.status == .badGateway && refused.text.contains("unauthorized"), "\(refused.text)")
        }
    }
}
