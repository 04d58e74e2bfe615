import Foundation
import SaudaTestSupport
import Testing

/// `sauda whitelist` run as a process on a scratch database.
@Suite struct WhitelistCommandTests {
    static func run(_ arguments: [String], database: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CrashRecoveryTests.binary)
        process.arguments = arguments
        process.environment = ["DATABASE_URL": "sqlite:\(database)", "LOG_LEVEL": "error", "PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func addListAndRemoveNormaliseNumbersAndNameBadInput() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("cli.sqlite").path
            let added = try Self.run(["whitelist", "add", "8 (701) 555-12-34", "--note", "Менеджер"], database: database)
            #expect(added.status == 0)
            #expect(added.output.contains("+77015551234 is on the whitelist of default"))
            let listed = try Self.run(["whitelist", "list"], database: database)
            #expect(listed.output.contains("+77015551234  Менеджер"))
            #expect(listed.output.contains("+77752837306"), "the seed's numbers are there from the start")
            #expect(try Self.run(["whitelist", "remove", "+7 701 555 12 34"], database: database).status == 0)
            let again = try Self.run(["whitelist", "remove", "77015551234"], database: database)
            #expect(again.status != 0)
            #expect(again.output.contains("not on the whitelist"))
            let bad = try Self.run(["whitelist", "add", "call me"], database: database)
            #expect(bad.status != 0)
            #expect(bad.output.contains("«call me» is not a phone number"))
        }
    }
}
