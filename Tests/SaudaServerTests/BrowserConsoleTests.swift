import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SaudaTestSupport
import Testing

/// The operator console in a real browser: headless Chromium (Debian's `chromium` and `chromium-driver`) driven by
/// `scripts/browser_test.py` with Selenium signs in to a real `sauda serve`, opens a conversation made through the
/// web chat, takes it over, writes as the business and hands it back. The screenshots are kept under
/// `SAUDA_TEST_ARTIFACTS/browser`.
@Suite(.serialized) struct BrowserConsoleTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Python with Selenium (`SAUDA_TEST_PYTHON`, a venv that scripts/test.sh makes).
    static var python: String? {
        guard let path = ProcessInfo.processInfo.environment["SAUDA_TEST_PYTHON"], FileManager.default.isExecutableFile(atPath: path) else {
            return nil
        }
        let venv = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent()
        let lib = venv.appendingPathComponent("lib")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        let hasSelenium = versions.contains { version in
            FileManager.default.fileExists(atPath: lib.appendingPathComponent(version).appendingPathComponent("site-packages/selenium").path)
        }
        return hasSelenium ? path : nil
    }

    static var chromedriver: String? {
        ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver", "/usr/local/bin/chromedriver"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var ready: Bool {
        python != nil && chromedriver != nil && FileManager.default.isExecutableFile(atPath: CrashRecoveryTests.binary)
    }

    @Test(.enabled(if: BrowserConsoleTests.ready,
                   "needs SAUDA_TEST_PYTHON with selenium, Debian's chromium-driver and the sauda binary (scripts/test.sh)"),
          .timeLimit(.minutes(5)))
    func anOperatorTakesAChatOverInABrowser() async throws {
        try await withTemporaryDirectory { directory in
            let port = try freeLoopbackPort()
            try await Self.withServer(port: port, database: directory.appendingPathComponent("browser.sqlite").path, in: directory,
                                      artifacts: "browser") { environment in
                // An operator's token, made as a business would: with the command line.
                let created = try await ChildProcess.run(CrashRecoveryTests.binary,
                                                         ["token", "create", "--tenant", "default", "--role", "operator", "--name", "Айгерим"],
                                                         environment: environment, limit: .seconds(60))
                #expect(created.status == 0, "\(created.output)")
                let token = try #require(created.output.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("sda_") }.map(String.init))

                // A customer writes in the web chat and the bot answers.
                let base = "http://127.0.0.1:\(port)"
                let session = "browser-\(UInt32.random(in: 1000...9999))"
                let (posted, _) = try await CrashRecoveryTests.request(base + "/api/v1/webchat/default/messages", method: .POST,
                                                                       body: ["session": session, "text": "Сколько стоят EVA коврики?", "id": "b1"])
                #expect(posted == 202)
                try await Self.waitFor(base: base, session: session) { $0.contains { $0["role"] as? String == "bot" } }

                let message = "Здравствуйте! Это Айгерим из магазина, помогу с заказом."
                try await Self.runBrowserScript("browser_test.py", ["--base-url", base, "--token", token, "--session", session, "--message", message],
                                                artifacts: "browser", in: directory, environment: environment, screenshots: 12)

                // The customer got the operator's message in the web chat.
                try await Self.waitFor(base: base, session: session) { messages in
                    messages.contains { $0["role"] as? String == "human" && $0["text"] as? String == message }
                }
            }
        }
    }

    /// Polls the web-chat conversation until `done` holds for its messages, at most 30 s.
    static func waitFor(base: String, session: String, _ done: ([[String: Any]]) -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        var last: [[String: Any]] = []
        while ContinuousClock.now < deadline {
            let (_, data) = try await CrashRecoveryTests.request(base + "/api/v1/webchat/default/sessions/\(session)/messages")
            last = ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["messages"] as? [[String: Any]] ?? []
            if done(last) { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("the web chat of \(session) never got there: \(last)")
    }
}
