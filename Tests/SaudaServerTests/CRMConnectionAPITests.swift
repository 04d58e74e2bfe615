import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `/api/v1/crm`: a business's CRM connection slot, its credentials sealed and never shown, logged or readable in the
/// database file.
@Suite struct CRMConnectionAPITests {
    static let credentials = "amo-long-lived-token-7f3K9qXw2LmN"

    struct Fixture: Sendable {
        let system: SaudaSystem
        let client: any TestClientProtocol
        let admin: String
        let viewer: String
        let otherTenantAdmin: String
        let logs: LogCapture
        let directory: URL
    }

    static func withAPI(_ body: @escaping @Sendable (Fixture) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            var settings = SaudaSettings()
            settings.database = .sqlite(path: directory.appendingPathComponent("crm.sqlite").path)
            let logs = LogCapture()
            let system = try SaudaSystem(settings: settings, logger: logs.logger(level: .trace), sqliteDurability: .normal)
            try await system.prepare()
            // The key file a first start makes.
            _ = try system.masterKeys.load(creatingFile: true)
            let tokens = try await system.database.transaction { sql in
                _ = try await TenantRepository(sql).create(Tenant(id: "second", name: "Второй", timeZone: "Europe/Moscow"), now: Date())
                return [
                    try await AccessTokens.issue(tenantID: "default", name: "Марат", role: .admin, in: sql).token,
                    try await AccessTokens.issue(tenantID: "default", name: "Бухгалтер", role: .viewer, in: sql).token,
                    try await AccessTokens.issue(tenantID: "second", name: "Чужой", role: .admin, in: sql).token,
                ]
            }
            let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
            try await app.test(.ahc(.http)) { client in
                try await body(Fixture(system: system, client: client, admin: tokens[0], viewer: tokens[1], otherTenantAdmin: tokens[2],
                                       logs: logs, directory: directory))
            }
        }
    }

    static func call(_ fixture: Fixture, _ method: HTTPRequest.Method, token: String, body: String? = nil)
        async throws -> (status: HTTPResponse.Status, json: JSONValue?, text: String) {
        try await fixture.client.execute(uri: "/api/v1/crm", method: method,
                                         headers: [.contentType: "application/json", .authorization: "Bearer \(token)"],
                                         body: body.map { ByteBuffer(string: $0) }) { response in
            let data = Data(response.body.readableBytesView)
            return (response.status, data.isEmpty ? nil : try? JSONValue.parse(data), String(decoding: data, as: UTF8.self))
        }
    }

    @Test func anAdminConnectsACRMAndItsCredentialsAreNeverShown() async throws {
        try await Self.withAPI { fixture in
            #expect(try await Self.call(fixture, .get, token: fixture.viewer).json?["crm"] == nil)
            let put = try await Self.call(fixture, .put, token: fixture.admin, body: """
                {"type": "amocrm", "base_url": "https://shop.amocrm.ru", "credentials": "\(Self.credentials)",
                 "field_mapping": {"phone": "PHONE", "need": "Комментарий"}, "settings": {"pipeline_id": "7", "application_token": "app-secret-1"}}
                """)
            #expect(put.status == .ok)
            // The admin sees where the CRM posts its events and its settings; a viewer sees neither secret.
            let webhook = try #require(put.json?["webhook_path"]?.stringValue)
            #expect(webhook.hasPrefix("/webhooks/crm/default/") && webhook.count > 40)
            #expect(put.json?["settings"]?["application_token"]?.stringValue == "app-secret-1")
            #expect(put.json?["type"]?.stringValue == "amocrm")
            #expect(put.json?["state"]?.stringValue == "active")
            #expect(put.json?["credentials"]?["hint"]?.stringValue == "…2LmN")
            #expect(put.json?["field_mapping"]?["need"]?.stringValue == "Комментарий")
            #expect(!put.text.contains(Self.credentials))

            let shown = try await Self.call(fixture, .get, token: fixture.viewer)
            #expect(shown.json?["crm"]?["base_url"]?.stringValue == "https://shop.amocrm.ru")
            #expect(!shown.text.contains(Self.credentials))
            #expect(shown.json?["crm"]?["webhook_path"] == nil && !shown.text.contains(String(webhook.suffix(20))))
            #expect(shown.json?["crm"]?["settings"] == ["pipeline_id": "7", "application_token": "…"])
            #expect(try await Self.call(fixture, .get, token: fixture.admin).json?["crm"]?["webhook_path"]?.stringValue == webhook)
            // The business's own connection only: another business has none.
            #expect(try await Self.call(fixture, .get, token: fixture.otherTenantAdmin).json?["crm"] == nil)
            #expect(try await Self.call(fixture, .delete, token: fixture.otherTenantAdmin).status == .notFound)

            // Paused without touching the credentials; the sealed value still opens for this business.
            let paused = try await Self.call(fixture, .patch, token: fixture.admin, body: #"{"state": "paused"}"#)
            #expect(paused.json?["state"]?.stringValue == "paused")
            #expect(paused.json?["credentials"]?["hint"]?.stringValue == "…2LmN")
            let opened = try await fixture.system.database.read { (sql) async throws in
                try await SecretRepository(sql).reveal(tenantID: "default", name: CRMConnection.credentialsSecretName, sealer: fixture.system.secrets)
            }
            #expect(opened == Self.credentials)

            // Nothing of the credentials in the database's files or in any log line, at trace level.
            let files = try FileManager.default.contentsOfDirectory(at: fixture.directory, includingPropertiesForKeys: nil)
            #expect(files.contains { $0.lastPathComponent == "crm.sqlite" })
            var stored = Data()
            for file in files where file.lastPathComponent.hasPrefix("crm.sqlite") { stored += try Data(contentsOf: file) }
            // The files do hold the connection (its address is no secret), and not the credentials.
            #expect(stored.range(of: Data("shop.amocrm.ru".utf8)) != nil)
            #expect(stored.range(of: Data(Self.credentials.utf8)) == nil, "the database files hold the credentials")
            let logged = fixture.logs.lines.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
            #expect(logged.contains("CRM connection changed"))
            #expect(!logged.contains(Self.credentials))

            #expect(try await Self.call(fixture, .delete, token: fixture.admin).status == .noContent)
            #expect(try await Self.call(fixture, .get, token: fixture.admin).json?["crm"] == nil)
            let left = try await fixture.system.database.read { try await SecretRepository($0).list(tenantID: "default") }
            #expect(left.isEmpty)
        }
    }

    @Test func badValuesAreRefusedNamingTheFieldAndOnlyAnAdminChangesIt() async throws {
        try await Self.withAPI { fixture in
            let good = #""type": "bitrix24", "base_url": "https://shop.bitrix24.ru", "credentials": "1/abcdefgh12345678""#
            #expect(try await Self.call(fixture, .put, token: fixture.viewer, body: "{\(good)}").status == .forbidden)
            #expect(try await Self.call(fixture, .patch, token: fixture.admin, body: #"{"state": "paused"}"#).status == .notFound)
            let cases: [(String, String)] = [
                (#"{"type": "dikidi", "base_url": "https://x.ru", "credentials": "k"}"#, "type"),
                (#"{"type": "amocrm", "base_url": "ftp://x.ru", "credentials": "k"}"#, "base_url"),
                (#"{"type": "amocrm", "base_url": "https://user:pass@x.ru", "credentials": "k"}"#, "base_url"),
                (#"{"type": "amocrm", "base_url": "https://x.ru/?token=1", "credentials": "k"}"#, "base_url"),
                (#"{"type": "amocrm", "base_url": "https://x.ru", "credentials": "   "}"#, "credentials"),
                (#"{"type": "amocrm", "base_url": "https://x.ru", "credentials": "a\u0007b"}"#, "credentials"),
                (#"{"type": "amocrm", "base_url": "https://x.ru", "credentials": "k", "state": "failing"}"#, "state"),
                (#"{"type": "amocrm", "base_url": "https://x.ru", "credentials": "k", "field_mapping": {"phone": ""}}"#, "field_mapping"),
            ]
            for (body, field) in cases {
                let refused = try await Self.call(fixture, .put, token: fixture.admin, body: body)
                #expect(refused.status == .badRequest, "\(body)")
                #expect(refused.json?["error"]?["reason"]?.stringValue?.contains("«\(field)»") == true, "\(body): \(refused.text)")
            }
            // Missing required fields and a mapping that is no object of texts are refused too.
            #expect(try await Self.call(fixture, .put, token: fixture.admin, body: #"{"type": "amocrm"}"#).status == .badRequest)
            #expect(try await Self.call(fixture, .put, token: fixture.admin,
                                        body: #"{"type": "amocrm", "base_url": "https://x.ru", "credentials": "k", "field_mapping": [1]}"#).status == .badRequest)
            #expect(try await Self.call(fixture, .get, token: fixture.admin).json?["crm"] == nil)
            #expect(try await Self.call(fixture, .put, token: fixture.admin, body: "{\(good)}").status == .ok)
        }
    }
}
