import Foundation
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `sauda channel add|list|set|pause|resume|remove` as processes on a scratch database: the same editor as the admin
/// API, tokens read from a file, refusals naming the option.
@Suite struct ChannelCommandTests {
    @Test func addListSetPauseResumeAndRemoveAConnection() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("channels.sqlite").path
            let tokenFile = directory.appendingPathComponent("token").path
            let token = "cli-token-0123456789abcdef"
            try Data((token + "\n").utf8).write(to: URL(fileURLWithPath: tokenFile))

            let added = try await WhitelistCommandTests.run(["channel", "add", "--name", "Основной", "--profile-id", "e10f170a-f36a",
                                                             "--token-file", tokenFile, "--inbound", "polling"], database: database)
            #expect(added.status == 0, "\(added.output)")
            #expect(added.output.contains("«Основной»  active"))
            #expect(added.output.contains("webhook path (shown only now): /webhooks/wappi/"))
            #expect(!added.output.contains(token))
            let id = try #require(added.output.firstMatch(of: /wa-[0-9a-f]{8}/).map { String($0.output) })
            #expect(id.hasPrefix("wa-"))

            let listed = try await WhitelistCommandTests.run(["channel", "list"], database: database)
            #expect(listed.output.contains("profile e10f170a-f36a at https://wappi.pro, polling every 5 s"), "\(listed.output)")
            #expect(listed.output.contains("token …cdef"))
            #expect(!listed.output.contains(token))

            let set = try await WhitelistCommandTests.run(["channel", "set", id, "--sends-per-minute", "40", "--name", "Второй"], database: database)
            #expect(set.status == 0, "\(set.output)")
            #expect(set.output.contains("«Второй»") && set.output.contains("40 sends a minute"))
            let paused = try await WhitelistCommandTests.run(["channel", "pause", id], database: database)
            #expect(paused.output.contains("paused"), "\(paused.output)")
            let resumed = try await WhitelistCommandTests.run(["channel", "resume", id], database: database)
            #expect(resumed.output.contains("active"), "\(resumed.output)")

            // The other business sees none of it.
            #expect(try await WhitelistCommandTests.run(["channel", "remove", id, "--tenant", "nobody"], database: database).status != 0)
            let removed = try await WhitelistCommandTests.run(["channel", "remove", id], database: database)
            #expect(removed.status == 0 && removed.output.contains("\(id) removed"), "\(removed.output)")
            #expect(try await WhitelistCommandTests.run(["channel", "list"], database: database).output.contains("no channel connections"))
        }
    }

    @Test func badOptionsAreRefusedNamingTheOption() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("channels.sqlite").path
            let tokenFile = directory.appendingPathComponent("token").path
            try Data("good-token-123".utf8).write(to: URL(fileURLWithPath: tokenFile))
            let shortFile = directory.appendingPathComponent("short").path
            try Data("short".utf8).write(to: URL(fileURLWithPath: shortFile))
            let base = ["channel", "add", "--name", "WA", "--profile-id", "p-1"]
            let cases: [(arguments: [String], message: String)] = [
                (["channel", "add", "--profile-id", "p-1", "--token-file", tokenFile], "--name is required"),
                (["channel", "add", "--name", "WA", "--token-file", tokenFile], "--profile-id is required"),
                (base, "--token-file is required"),
                (base + ["--token-file", directory.appendingPathComponent("missing").path], "--token-file «"),
                (base + ["--token-file", shortFile], "--token-file must be 8 to 500 characters"),
                (base + ["--token-file", tokenFile, "--inbound", "fax"], "--inbound must be webhook or polling"),
                (base + ["--token-file", tokenFile, "--polling-interval", "0"], "--polling-interval must be 1 to 3600"),
                (base + ["--token-file", tokenFile, "--base-url", "ftp://x"], "--base-url must be an http(s) address"),
                (["channel", "set", "wa-00000000", "--name", "X"], "no channel connection «wa-00000000»"),
                (["channel", "set", "wa-00000000"], "nothing to change"),
            ]
            for (arguments, message) in cases {
                let refused = try await WhitelistCommandTests.run(arguments, database: database)
                #expect(refused.status != 0, "\(arguments)")
                #expect(refused.output.contains(message), "\(arguments) → \(refused.output)")
            }
            let help = try await WhitelistCommandTests.run(["channel", "add", "--help"], database: database)
            #expect(help.output.contains("--token-file"))
        }
    }
}
