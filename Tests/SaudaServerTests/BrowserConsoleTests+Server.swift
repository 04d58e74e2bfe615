import Foundation
import SaudaTestSupport
import Testing

extension BrowserConsoleTests {
    /// Runs `sauda serve` on `port` over a SQLite file in `directory` while `body` runs, keeps the folder as the test
    /// artefacts `artifacts`, and stops the server afterwards (it must exit cleanly), also when `body` throws.
    /// - Parameter settings: more environment for the server (and for `body`'s commands and scripts).
    /// - Parameter body: gets the server's environment, for commands run against the same database.
    static func withServer(port: Int, database: String, in directory: URL, artifacts: String, settings: [String: String] = [:],
                           _ body: ([String: String]) async throws -> Void) async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = "sqlite:" + database
        environment["LOG_LEVEL"] = "warning"
        environment.merge(settings) { _, new in new }
        let server = try ChildProcess(executable: CrashRecoveryTests.binary, arguments: ["serve", "--port", "\(port)"],
                                      environment: environment, directory: directory,
                                      outputFile: directory.appendingPathComponent("serve.log"))
        defer { TestArtifacts.keep(from: directory, as: artifacts) }
        do {
            try await CrashRecoveryTests.waitHealthy(port: port)
            try await body(environment)
        } catch {
            server.signal(SIGTERM)
            _ = await server.exited(within: .seconds(60))
            throw error
        }
        server.signal(SIGTERM)
        #expect(await server.exited(within: .seconds(60)) == 0)
    }

    /// Runs the browser script `script` (in `scripts/`) with `arguments` and `--out` the artefacts' screenshot folder,
    /// keeps its output beside the server's log, and expects it to pass with at least `screenshots` screenshots.
    static func runBrowserScript(_ script: String, _ arguments: [String], artifacts: String, in directory: URL, environment: [String: String],
                                 screenshots: Int, limit: Duration = .seconds(180)) async throws {
        let python = try #require(Self.python)
        let shots = TestArtifacts.folder(artifacts) ?? directory.appendingPathComponent("shots")
        let run = try await ChildProcess.run(python, [Self.packageRoot.appendingPathComponent("scripts/\(script)").path] + arguments
                                                 + ["--out", shots.path],
                                             environment: environment, limit: limit)
        let log = script.replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: ".py", with: ".log")
        try? run.output.write(to: directory.appendingPathComponent(log), atomically: true, encoding: .utf8)
        #expect(run.status == 0, "the browser script failed:\n\(run.output)")
        let pictures = ((try? FileManager.default.contentsOfDirectory(atPath: shots.path)) ?? []).filter { $0.hasSuffix(".png") }
        #expect(pictures.count >= screenshots, "screenshots: \(pictures.sorted())")
    }
}
