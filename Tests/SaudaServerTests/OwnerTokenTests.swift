import Foundation
import Hummingbird
import HummingbirdTesting
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `sauda token create --owner EMAIL`: a long-lived API token of the installation's owner, for scripts that create and
/// suspend businesses; the owner's endpoints refuse every other token, admins' included.
@Suite struct OwnerTokenTests {
    @Test func anOwnersTokenFromTheCommandLineOpensTheInstallationsEndpointsAndNoOtherTokenDoes() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("owner.sqlite").path
            let passwordFile = directory.appendingPathComponent("password").path
            try Data("владелец-пароль-2026\n".utf8).write(to: URL(fileURLWithPath: passwordFile))
            let owner = try await WhitelistCommandTests.run(["owner", "create", "--email", "Boss@Sauda.kz", "--name", "Хозяин",
                                                             "--password-file", passwordFile], database: database)
            #expect(owner.status == 0, "\(owner.output)")

            let refused = try await WhitelistCommandTests.run(["token", "create", "--owner", "nobody@sauda.kz", "--name", "скрипт"], database: database)
            #expect(refused.status != 0 && refused.output.contains("--owner: «nobody@sauda.kz» is not an owner account"), "\(refused.output)")
            let badEmail = try await WhitelistCommandTests.run(["token", "create", "--owner", "boss", "--name", "скрипт"], database: database)
            #expect(badEmail.status != 0 && badEmail.output.contains("--owner"), "\(badEmail.output)")

            let withRole = try await WhitelistCommandTests.run(["token", "create", "--owner", "boss@sauda.kz", "--role", "viewer", "--name", "скрипт"],
                                                               database: database)
            #expect(withRole.status != 0 && withRole.output.contains("--role does not go with --owner"), "\(withRole.output)")
            let made = try await WhitelistCommandTests.run(["token", "create", "--owner", "boss@sauda.kz", "--name", "скрипт"], database: database)
            #expect(made.status == 0, "\(made.output)")
            #expect(made.output.contains("the installation's owner boss@sauda.kz, admin of default"), "\(made.output)")
            let ownerToken = try #require(made.output.firstMatch(of: /sda_[A-Za-z0-9_-]+/).map { String($0.output) })
            let admin = try await WhitelistCommandTests.run(["token", "create", "--role", "admin", "--name", "админ"], database: database)
            // The owner's token is listed (and so can be revoked by its id later); console sessions are not.
            let listed = try await WhitelistCommandTests.run(["token", "list"], database: database)
            #expect(listed.output.contains("скрипт") && listed.output.contains("админ"), "\(listed.output)")
            let adminToken = try #require(admin.output.firstMatch(of: /sda_[A-Za-z0-9_-]+/).map { String($0.output) })

            var settings = SaudaSettings()
            settings.database = .sqlite(path: database)
            let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
            try await system.prepare()
            let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil)
            try await app.test(.router) { client in
                func call(_ method: HTTPRequest.Method, _ path: String, _ token: String, body: String? = nil) async throws
                    -> (status: HTTPResponse.Status, text: String) {
                    try await client.execute(uri: path, method: method,
                                             headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                             body: body.map { ByteBuffer(string: $0) }) { ($0.status, String(buffer: $0.body)) }
                }
                let listed = try await call(.get, "/api/v1/installation/businesses", ownerToken)
                #expect(listed.status == .ok && listed.text.contains("\"default\""), "\(listed.text)")
                let created = try await call(.post, "/api/v1/installation/businesses", ownerToken,
                                             body: #"{"id": "almaty-shop", "name": "Магазин", "time_zone": "Asia/Almaty"}"#)
                #expect(created.status == .created, "\(created.text)")
                #expect(try await call(.post, "/api/v1/installation/businesses/almaty-shop/suspend", ownerToken).status == .ok)
                #expect(try await call(.post, "/api/v1/installation/businesses/almaty-shop/resume", ownerToken).text.contains("\"suspended\":false"))

                // An admin of a business is no owner: 403 naming who may.
                let forbidden = try await call(.get, "/api/v1/installation/businesses", adminToken)
                #expect(forbidden.status == .forbidden && forbidden.text.contains("owner"), "\(forbidden.text)")
                // The owner's token is an admin of its business as well.
                #expect(try await call(.get, "/api/v1/settings", ownerToken).status == .ok)
            }
        }
    }
}
