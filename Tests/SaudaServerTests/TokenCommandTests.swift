import Foundation
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `sauda tenant` and `sauda token` run as processes on a scratch database.
@Suite struct TokenCommandTests {
    @Test func tokensAreCreatedForATenantListedWithoutTheTokenAndRevoked() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("tokens.sqlite").path
            let tenant = try await WhitelistCommandTests.run(["tenant", "add", "kovrik-astana", "--name", "Коврик Астана"], database: database)
            #expect(tenant.status == 0, "\(tenant.output)")
            let duplicate = try await WhitelistCommandTests.run(["tenant", "add", "kovrik-astana", "--name", "Ещё раз"], database: database)
            #expect(duplicate.status != 0)
            #expect(duplicate.output.contains("exists already"))
            let badID = try await WhitelistCommandTests.run(["tenant", "add", "Kovrik Astana", "--name", "x"], database: database)
            #expect(badID.status != 0)
            #expect(badID.output.contains("lowercase letters"))

            let created = try await WhitelistCommandTests.run(["token", "create", "--tenant", "kovrik-astana", "--role", "admin", "--name", "Марат"],
                                                        database: database)
            #expect(created.status == 0, "\(created.output)")
            let token = try #require(created.output.split(separator: "\n").first { $0.hasPrefix("sda_") }.map(String.init))
            #expect(token.count == 47)
            let listed = try await WhitelistCommandTests.run(["token", "list"], database: database)
            #expect(listed.output.contains("kovrik-astana\tadmin\t\(token.prefix(10))…\tМарат\tlive"))
            #expect(!listed.output.contains(token), "the token itself is never shown again")

            // Only the hash is stored.
            let file = try SQLiteDatabase(path: database)
            let stored = try await file.read { sql in
                try await sql.query("SELECT token_hash FROM api_tokens", []).compactMap { $0.optionalString("token_hash") }
            }
            await file.close()
            #expect(stored == [AccessTokens.hash(token)])

            let unknownTenant = try await WhitelistCommandTests.run(["token", "create", "--tenant", "nobody", "--name", "x"], database: database)
            #expect(unknownTenant.status != 0)
            #expect(unknownTenant.output.contains("unknown tenant «nobody»"))
            let badRole = try await WhitelistCommandTests.run(["token", "create", "--role", "owner", "--name", "x"], database: database)
            #expect(badRole.status != 0)
            #expect(badRole.output.contains("--role must be viewer, operator or admin"))

            let id = try #require(listed.output.split(separator: "\t").first.map(String.init))
            #expect(try await WhitelistCommandTests.run(["token", "revoke", id], database: database).status == 0)
            #expect(try await WhitelistCommandTests.run(["token", "list"], database: database).output.contains("revoked"))
            #expect(try await WhitelistCommandTests.run(["token", "revoke", id], database: database).status != 0)
        }
    }
}
