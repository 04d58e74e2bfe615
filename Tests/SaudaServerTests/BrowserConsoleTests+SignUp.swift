import Foundation
import SaudaCore
import SaudaSimulators
import SaudaStore
import SaudaTestSupport
import Testing

extension BrowserConsoleTests {
    /// A new business from sign-up to its first answered customer, in headless Chromium against a real `sauda serve`
    /// with `SIGNUP=open`: `scripts/signup_browser_test.py` signs up, sets the working hours, connects a WhatsApp number
    /// on the Wappi simulator, checks the connection, writes as a customer through the simulator and opens the answered
    /// conversation. The screenshots are kept under `SAUDA_TEST_ARTIFACTS/browser-signup`.
    @Test(.enabled(if: BrowserConsoleTests.ready,
                   "needs SAUDA_TEST_PYTHON with selenium, Debian's chromium-driver and the sauda binary (scripts/test.sh)"),
          .timeLimit(.minutes(5)))
    func aBusinessSignsUpConnectsWhatsAppAndIsAnswered() async throws {
        let simulator = WappiSimulator()
        try await SimulatorServer.withServer(simulator.router()) { wappiPort in
            try await withTemporaryDirectory { directory in
                let port = try freeLoopbackPort()
                let path = directory.appendingPathComponent("signup.sqlite").path
                // The simulator listens on loopback, inside the installation's network: the installation allows it.
                try await Self.withServer(port: port, database: path, in: directory, artifacts: "browser-signup",
                                          settings: ["SIGNUP": "open", "OUTBOUND_ALLOWED_HOSTS": "127.0.0.1:\(wappiPort)"]) { environment in
                    try await Self.runBrowserScript("signup_browser_test.py", ["--base-url", "http://127.0.0.1:\(port)",
                                                                               "--wappi-url", "http://127.0.0.1:\(wappiPort)", "--phone", "77015550101"],
                                                    artifacts: "browser-signup", in: directory, environment: environment, screenshots: 8,
                                                    limit: .seconds(200))
                    // The answer left from the simulator's number, as a reply to the customer's message.
                    let replies = simulator.botMessages(phone: "77015550101")
                    #expect(!replies.isEmpty)
                }
                // What the browser made is in the database: the business with its hours, in its own time zone.
                let database = try SQLiteDatabase(path: path, durability: .normal)
                let businesses = try await database.read { sql in try await TenantRepository(sql).all() }
                await database.close()
                let business = try #require(businesses.first { $0.name == "Эво Коврики" })
                #expect(business.timeZone == "Europe/Moscow")
            }
        }
    }
}
