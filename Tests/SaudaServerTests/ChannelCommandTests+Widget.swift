import Foundation
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `sauda channel add --widget`, `set`, `list`, `pause` and `remove` for a web-chat widget: the snippet printed, the
/// options named in refusals.
extension ChannelCommandTests {
    @Test func addListSetAndRemoveAWidget() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("widgets.sqlite").path
            let added = try await WhitelistCommandTests.run(["channel", "add", "--widget", "--name", "Сайт", "--origin", "https://Shop.kz",
                                                             "--origin", "https://www.shop.kz", "--greeting", "Здравствуйте!", "--position", "left",
                                                             "--public-url", "https://sauda.example.kz"], database: database)
            #expect(added.status == 0, "\(added.output)")
            #expect(added.output.contains("webchat  «Сайт»  active"), "\(added.output)")
            let publicID = try #require(added.output.firstMatch(of: /public id ([0-9a-f]{24})/).map { String($0.output.1) })
            #expect(added.output.contains("origins https://shop.kz, https://www.shop.kz; left, ru"), "\(added.output)")
            #expect(added.output.contains("snippet: <script src=\"https://sauda.example.kz/widget/\(publicID).js\" async></script>"), "\(added.output)")
            let id = try #require(added.output.firstMatch(of: /web-[0-9a-f]{8}/).map { String($0.output) })

            let listed = try await WhitelistCommandTests.run(["channel", "list"], database: database)
            #expect(listed.output.contains("public id \(publicID)"), "\(listed.output)")
            #expect(listed.output.contains("snippet: <script src=\"http://127.0.0.1:8080/widget/\(publicID).js\" async></script>"), "\(listed.output)")

            let set = try await WhitelistCommandTests.run(["channel", "set", id, "--language", "kk", "--display-name", "Эво", "--origin", "https://evo.kz"],
                                                          database: database)
            #expect(set.status == 0, "\(set.output)")
            #expect(set.output.contains("origins https://evo.kz; left, kk") && set.output.contains("shown as «Эво»"), "\(set.output)")
            let refused = try await WhitelistCommandTests.run(["channel", "set", id, "--sends-per-minute", "40"], database: database)
            #expect(refused.status != 0 && refused.output.contains("--sends-per-minute is a WhatsApp connection's field"), "\(refused.output)")
            let badOrigin = try await WhitelistCommandTests.run(["channel", "set", id, "--origin", "http://evo.kz"], database: database)
            #expect(badOrigin.status != 0 && badOrigin.output.contains("--origin «http://evo.kz» must be https"), "\(badOrigin.output)")

            let paused = try await WhitelistCommandTests.run(["channel", "pause", id], database: database)
            #expect(paused.output.contains("«Сайт»  paused"), "\(paused.output)")
            let check = try await WhitelistCommandTests.run(["channel", "check", id], database: database)
            #expect(check.status != 0 && check.output.contains("only a WhatsApp connection"), "\(check.output)")
            let removed = try await WhitelistCommandTests.run(["channel", "remove", id], database: database)
            #expect(removed.status == 0 && removed.output.contains("\(id) removed"), "\(removed.output)")
        }
    }

    @Test func aWidgetsBadOptionsAreRefusedNamingTheOption() async throws {
        try await withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("widgets.sqlite").path
            let base = ["channel", "add", "--widget", "--name", "Сайт"]
            let cases: [(arguments: [String], message: String)] = [
                (base, "--origin is required with --widget"),
                (["channel", "add", "--widget", "--origin", "https://shop.kz"], "--name is required"),
                (base + ["--origin", "*"], "--origin «*» is not allowed"),
                (base + ["--origin", "https://shop.kz", "--accent-color", "red"], "--accent-color «red» is not a colour"),
                (base + ["--origin", "https://shop.kz", "--position", "top"], "--position must be right or left"),
                (base + ["--origin", "https://shop.kz", "--language", "de"], "--language must be ru, kk or en"),
                (base + ["--origin", "https://shop.kz", "--profile-id", "p-1"], "--profile-id is a WhatsApp connection's option"),
                (base + ["--origin", "https://shop.kz", "--public-url", "shop"], "--public-url must be an http(s) address"),
                (["channel", "add", "--name", "WA", "--origin", "https://shop.kz"], "--origin is a web-chat widget's option: add --widget"),
            ]
            for (arguments, message) in cases {
                let refused = try await WhitelistCommandTests.run(arguments, database: database)
                #expect(refused.status != 0, "\(arguments)")
                #expect(refused.output.contains(message), "\(arguments) → \(refused.output)")
            }
            let help = try await WhitelistCommandTests.run(["channel", "add", "--help"], database: database)
            #expect(help.output.contains("--widget") && help.output.contains("--origin"))
        }
    }
}
