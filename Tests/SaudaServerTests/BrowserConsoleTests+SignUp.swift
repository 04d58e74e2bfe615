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
        let python = try #require(Self.python)
        let simulator = WappiSimulator()
        try await SimulatorServer.withServer(simulator.router()) { wappiPort in
            try await withTemporaryDirectory { directory in
                let port = try freeLoopbackPort()
                let path = directory.appendingPathComponent("signup.sqlite").path
                var environment = ProcessInfo.processInfo.environment
                environment["DATABASE_URL"] = "sqlite:" + path
                environment["LOG_LEVEL"] = "warning"
                environment["SIGNUP"] = "open"
                // The simulator listens on loopback, inside the installation's network: the installation allows it.
                environment["OUTBOUND_ALLOWED_HOSTS"] = "127.0.0.1:\(wappiPort)"
                let server = try ChildProcess(executable: CrashRecoveryTests.binary, arguments: ["serve", "--port", "\(port)"],
                                              environment: environment, directory: directory,
                                              outputFile: directory.appendingPathComponent("serve.log"))
                defer { TestArtifacts.keep(from: directory, as: "browser-signup") }
                do {
                    try await CrashRecoveryTests.waitHealthy(port: port)
                    let shots = TestArtifacts.folder("browser-signup") ?? directory.appendingPathComponent("shots")
                    let run = try await ChildProcess.run(python, [Self.packageRoot.appendingPathComponent("scripts/signup_browser_test.py").path,
                                                                  "--base-url", "http://127.0.0.1:\(port)",
                                                                  "--wappi-url", "http://127.0.0.1:\(wappiPort)",
                                                                  "--phone", "77015550101", "--out", shots.path],
                                                         environment: environment, limit: .seconds(200))
                    try? run.output.write(to: directory.appendingPathComponent("signup-browser-test.log"), atomically: true, encoding: .utf8)
                    #expect(run.status == 0, "the browser script failed:\n\(run.output)")
                    let pictures = ((try? FileManager.default.contentsOfDirectory(atPath: shots.path)) ?? []).filter { $0.hasSuffix(".png") }
                    #expect(pictures.count >= 8, "screenshots: \(pictures.sorted())")
                    // The answer left from the simulator's number, as a reply to the customer's message.
                    let replies = simulator.botMessages(phone: "77015550101")
                    #expect(!replies.isEmpty)
                } catch {
                    server.signal(SIGTERM)
                    _ = await server.exited(within: .seconds(60))
                    throw error
                }
                server.signal(SIGTERM)
                #expect(await server.exited(within: .seconds(60)) == 0)
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
