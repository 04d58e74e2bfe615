import Foundation
import SaudaTestSupport
import Testing

/// `sauda whitelist` run as a process on a scratch database.
@Suite struct WhitelistCommandTests {
    static func run(_ arguments: [String], database: String) async throws -> (status: Int32, output: String) {
        try await ChildProcess.run(CrashRecoveryTests.binary, arguments,
                                   environment: ["DATABASE_URL": "sqlite:\(database)", "LOG_LEVEL": "error", "PATH": "/usr/bin:/bin"])
    }

    @Test func addListAndRemoveNormaliseNumbersAndNameBadInput() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("cli.sqlite").path
            let added = try await Self.run(["whitelist", "add", "8 (701) 555-12-34", "--note", "Менеджер"], database: database)
            #expect(added.status == 0)
            #expect(added.output.contains("+77015551234 is on the whitelist of default"))
            let listed = try await Self.run(["whitelist", "list"], database: database)
            #expect(listed.output.contains("+77015551234  Менеджер"))
            #expect(listed.output.contains("+77752837306"), "the initial whitelist's numbers are there from the start")
            #expect(try await Self.run(["whitelist", "remove", "+7 701 555 12 34"], database: database).status == 0)
            let again = try await Self.run(["whitelist", "remove", "77015551234"], database: database)
            #expect(again.status != 0)
            #expect(again.output.contains("not on the whitelist"))
            let bad = try await Self.run(["whitelist", "add", "call me"], database: database)
            #expect(bad.status != 0)
            #expect(bad.output.contains("«call me» is not a phone number"))
        }
    }
}
