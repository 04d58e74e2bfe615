import Foundation
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `sauda tenant show` and `sauda tenant set` as processes on a scratch database.
@Suite struct TenantSettingsCommandTests {
    @Test func setChangesTheSettingsAndShowPrintsThem() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("settings.sqlite").path
            let before = try await WhitelistCommandTests.run(["tenant", "show", "default"], database: database)
            #expect(before.status == 0, "\(before.output)")
            #expect(before.output.contains("settings: the installation's (never saved)"))
            #expect(before.output.contains("working hours: mon-fri 10:00-18:00"))

            let set = try await WhitelistCommandTests.run([
                "tenant", "set", "default", "--name", "Эво", "--time-zone", "Asia/Aqtobe", "--description", "Коврики EVA",
                "--working-hours", "mon-fri 10:00-18:00, sat 11:00-16:00", "--holiday", "2027-01-01", "--holiday", "2027-01-02",
                "--languages", "ru,kk", "--follow-ups", "off", "--follow-up-intervals", "2,24,48,96,200", "--model-provider", "openai",
                "--model", "gpt-4o-mini",
            ], database: database)
            #expect(set.status == 0, "\(set.output)")
            let shown = try await WhitelistCommandTests.run(["tenant", "show", "default"], database: database)
            for line in ["name: Эво", "time zone: Asia/Aqtobe", "settings: saved, revision 1", "description: Коврики EVA",
                         "working hours: mon-fri 10:00-18:00, sat 11:00-16:00", "holidays: 2027-01-01, 2027-01-02", "languages: ru,kk",
                         "follow-ups: off, after 2,24,48,96,200 hours", "model: openai / gpt-4o-mini"] {
                #expect(shown.output.contains(line), "\(line) in \(shown.output)")
            }
            // An option left out keeps its value.
            let again = try await WhitelistCommandTests.run(["tenant", "set", "default", "--model", "default", "--no-holidays"], database: database)
            #expect(again.status == 0, "\(again.output)")
            #expect(again.output.contains("settings: saved, revision 2"))
            #expect(again.output.contains("model: openai / installation's model"))
            #expect(again.output.contains("holidays: —"))
            #expect(again.output.contains("languages: ru,kk"))
        }
    }

    @Test func badOptionsAreRefusedNamingTheOption() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("settings.sqlite").path
            let cases: [(arguments: [String], message: String)] = [
                (["--working-hours", "mon-fri 18:00-10:00"], "--working-hours (monday): closes before it opens (18:00–10:00)"),
                (["--working-hours", "weekdays 10:00-18:00"], "--working-hours: «weekdays» in «weekdays 10:00-18:00» is not a day"),
                (["--follow-ups", "maybe"], "--follow-ups: «maybe» is neither on nor off"),
                (["--follow-up-intervals", "24,x"], "--follow-up-intervals: «x» is not a whole number of hours"),
                (["--follow-up-intervals", "24,72"], "--follow-up-intervals: expected five increasing positive hour counts"),
                (["--languages", "russian"], "--languages: «russian» is not a two-letter ISO 639-1 code"),
                (["--holiday", "2027-02-30"], "--holiday: «2027-02-30» is not a date yyyy-MM-dd"),
                (["--model-provider", "acme"], "--model-provider: «acme» is not a provider"),
                (["--time-zone", "Mars/Olympus"], "--time-zone «Mars/Olympus» is not an IANA time zone"),
            ]
            for (arguments, message) in cases {
                let refused = try await WhitelistCommandTests.run(["tenant", "set", "default"] + arguments, database: database)
                #expect(refused.status != 0, "\(arguments)")
                #expect(refused.output.contains(message), "\(arguments) → \(refused.output)")
            }
            let unknown = try await WhitelistCommandTests.run(["tenant", "set", "nobody", "--description", "x"], database: database)
            #expect(unknown.status != 0 && unknown.output.contains("unknown tenant «nobody»"))
            let shown = try await WhitelistCommandTests.run(["tenant", "show", "default"], database: database)
            #expect(shown.output.contains("settings: the installation's (never saved)"), "nothing was saved")
        }
    }
}

/// `sauda tenant set --model-api-key-file`: the business's own model key from a file, sealed, shown only as its hint.
@Suite struct TenantModelKeyCommandTests {
    @Test func theKeyIsReadFromAFileAndOnlyItsHintIsShown() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("key.sqlite").path
            let key = "cli-own-model-key-Px4w"
            let file = directory.appendingPathComponent("model.key")
            try Data((key + "\n").utf8).write(to: file)
            let set = try await WhitelistCommandTests.run(["tenant", "set", "default", "--model", "gemini-2.5-flash",
                                                           "--model-api-key-file", file.path], database: database)
            #expect(set.status == 0, "\(set.output)")
            #expect(set.output.contains("model API key: its own (…Px4w)"))
            #expect(!set.output.contains(key))
            let shown = try await WhitelistCommandTests.run(["tenant", "show", "default"], database: database)
            #expect(shown.output.contains("model API key: its own (…Px4w)"), "\(shown.output)")
            #expect(!shown.output.contains(key))

            let missing = try await WhitelistCommandTests.run(["tenant", "set", "default", "--model-api-key-file",
                                                               directory.appendingPathComponent("none").path], database: database)
            #expect(missing.status != 0)
            #expect(missing.output.contains("--model-api-key-file"))
            let removed = try await WhitelistCommandTests.run(["tenant", "set", "default", "--no-model-api-key"], database: database)
            #expect(removed.status == 0, "\(removed.output)")
            let after = try await WhitelistCommandTests.run(["tenant", "show", "default"], database: database)
            #expect(after.output.contains("model API key: the installation's"))
        }
    }
}
