import Foundation
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `sauda account` run as a process on a scratch database.
@Suite struct AccountCommandTests {
    @Test func accountsAreAddedWithAPasswordShownOnceListedSuspendedAndRemoved() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("accounts.sqlite").path
            let run = { (arguments: [String]) in try await WhitelistCommandTests.run(arguments, database: database) }
            let added = try await run(["account", "add", "--email", "Marat@Shop.kz", "--name", "Марат", "--role", "admin"])
            #expect(added.status == 0, "\(added.output)")
            #expect(added.output.contains("marat@shop.kz can sign in to the console as admin of default"))
            let password = try #require(added.output.split(separator: "\n").first { $0.hasPrefix("password (shown only now): ") }
                .map { String($0.dropFirst("password (shown only now): ".count)) })
            #expect(password.count == 18)

            // Only the scrypt hash is stored.
            let file = try SQLiteDatabase(path: database)
            let stored = try await file.read { (sql) async throws in try await AccountRepository(sql).find(email: "marat@shop.kz") }
            await file.close()
            #expect(stored?.password.encoded.hasPrefix("scrypt$") == true)
            #expect(stored?.password.matches(password) == true)
            #expect(stored?.password.encoded.contains(password) == false)

            #expect(try await run(["tenant", "add", "second", "--name", "Второй"]).status == 0)
            let again = try await run(["account", "add", "--tenant", "second", "--email", "marat@shop.kz", "--role", "viewer"])
            #expect(again.output.contains("exists already: it is now viewer of second too; its password is unchanged"))
            let listed = try await run(["account", "list"])
            #expect(listed.output.contains("marat@shop.kz\tМарат\tdefault:admin,second:viewer\tactive"), "\(listed.output)")
            #expect(!listed.output.contains(password))

            #expect(try await run(["account", "suspend", "marat@shop.kz"]).output.contains("suspended; its sessions ended"))
            #expect(try await run(["account", "list"]).output.contains("\tsuspended"))
            #expect(try await run(["account", "resume", "marat@shop.kz"]).status == 0)
            #expect(try await run(["account", "remove", "marat@shop.kz"]).status == 0)
            let gone = try await run(["account", "remove", "marat@shop.kz"])
            #expect(gone.status != 0)
            #expect(gone.output.contains("no account «marat@shop.kz»"))

            let badEmail = try await run(["account", "add", "--email", "not an email"])
            #expect(badEmail.status != 0)
            #expect(badEmail.output.contains("--email"))
            let badRole = try await run(["account", "add", "--email", "a@b.kz", "--role", "owner"])
            #expect(badRole.output.contains("--role must be viewer, operator or admin"))
            let badTenant = try await run(["account", "add", "--email", "a@b.kz", "--tenant", "nobody"])
            #expect(badTenant.output.contains("unknown tenant «nobody»"))
        }
    }
}
