import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// The distributed shape with real processes: one `sauda gateway` and two `sauda agent` processes talking through a real
/// RabbitMQ, the state in a real PostgreSQL. In the middle of a burst of a thousand messages one agent is killed with
/// SIGKILL and later the broker is stopped and started (`rabbitmqctl stop_app` / `start_app`); the agent is started
/// again under its name. Every accepted message must be answered exactly once, and each conversation's replies in order.
@Suite(.serialized) struct DistributedModeTests {
    static let rabbitURL = ProcessInfo.processInfo.environment["SAUDA_TEST_RABBITMQ_URL"]
    static let postgresURL = ProcessInfo.processInfo.environment["SAUDA_TEST_POSTGRES_URL"]
    static var ready: Bool {
        rabbitURL != nil && postgresURL != nil && FileManager.default.isExecutableFile(atPath: CrashRecoveryTests.binary)
    }

    /// A `sauda gateway` or `sauda agent` process.
    final class Node: Sendable {
        let child: ChildProcess
        let port: Int

        init(role: String, port: Int, agentID: String? = nil, environment: [String: String], directory: URL) throws {
            self.port = port
            var environment = environment
            if let agentID { environment["AGENT_ID"] = agentID }
            environment.merge(CrashRecoveryTests.unlimitedWebChat) { _, new in new }
            child = try ChildProcess(executable: CrashRecoveryTests.binary, arguments: [role, "--port", "\(port)"],
                                     environment: environment, directory: directory,
                                     outputFile: directory.appendingPathComponent("\(role)-\(agentID ?? "")-\(UUID().uuidString.prefix(4)).log"))
        }

        func stop() async {
            child.signal(SIGTERM)
            if await child.exited(within: .seconds(30)) == nil {
                child.signal(SIGKILL)
                _ = await child.exited(within: .seconds(10))
            }
        }
    }

    /// A fresh PostgreSQL database for one test, dropped afterwards.
    static func withDatabase(_ body: @Sendable (String) async throws -> Void) async throws {
        let url = try #require(postgresURL)
        var components = try #require(URLComponents(string: url))
        let name = "sauda_dist_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())"
        components.path = "/\(name)"
        let admin = try PostgresDatabase(url: url, maximumConnections: 2, logger: Logger(label: "test"))
        let testURL = components.string ?? url
        // One pool for the whole test (a PostgreSQL client runs once).
        try await withPool(admin) {
            try await admin.read { sql in _ = try await sql.query("CREATE DATABASE \(name)") }
            let outcome: Result<Void, any Error>
            do { try await body(testURL); outcome = .success(()) } catch { outcome = .failure(error) }
            try await admin.read { sql in _ = try await sql.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
            try outcome.get()
        }
    }

    @Test(.enabled(if: DistributedModeTests.ready, "needs SAUDA_TEST_RABBITMQ_URL, SAUDA_TEST_POSTGRES_URL and the sauda binary (scripts/test.sh)"),
          .timeLimit(.minutes(8)))
    func aGatewayAndTwoAgentsAnswerEveryMessageOnceInOrderThoughAnAgentIsKilled() async throws {
        try await Self.withDatabase { databaseURL in
            try await withTemporaryDirectory { directory in
                // Queue names of this test only: the broker is shared with other tests.
                let run = UUID().uuidString.prefix(8).lowercased()
                var environment = ProcessInfo.processInfo.environment
                environment["DATABASE_URL"] = databaseURL
                environment["RABBITMQ_URL"] = Self.rabbitURL
                environment["QUEUE_INCOMING_MESSAGES"] = "incoming_\(run)"
                environment["QUEUE_OUTGOING_MESSAGES"] = "outgoing_\(run)"
                environment["QUEUE_VOICE_TRANSCRIPTION"] = "voice_\(run)"
                environment["LOG_LEVEL"] = ProcessInfo.processInfo.environment["SAUDA_TEST_NODE_LOG_LEVEL"] ?? "warning"
                let port = try freeLoopbackPort()
                let gateway = try Node(role: "gateway", port: port, environment: environment, directory: directory)
                try await CrashRecoveryTests.waitHealthy(port: port)
                let first = try Node(role: "agent", port: port + 1, agentID: "a1-\(run)", environment: environment, directory: directory)
                var second = try Node(role: "agent", port: port + 2, agentID: "a2-\(run)", environment: environment, directory: directory)
                try await CrashRecoveryTests.waitHealthy(port: port + 1)
                try await CrashRecoveryTests.waitHealthy(port: port + 2)

                let sessions = 50
                let perSession = 20
                let accepted = CrashRecoveryTests.AcceptedLog()
                let killAt = sessions * perSession / 3
                let killed = second
                let brokerEnvironment = environment
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for session in 0..<sessions {
                        group.addTask {
                            // One customer writes one message after another.
                            for index in 0..<perSession {
                                let id = "d\(index)"
                                let (status, _) = try await CrashRecoveryTests.request(
                                    "http://127.0.0.1:\(port)/api/v1/webchat/default/messages", method: .POST,
                                    body: ["session": "dist-\(session)", "text": "Сколько стоят коврики? \(index)", "id": id])
                                if status == 202 || status == 200 { accepted.add("wc:dist-\(session):\(id)", session: "dist-\(session)") }
                                try await Task.sleep(for: .milliseconds(Int.random(in: 20...80)))
                            }
                        }
                    }
                    group.addTask {
                        // SIGKILL to one agent once a third of the messages are in, while the rest keep coming; then
                        // the broker itself goes down for a few seconds and comes back.
                        while accepted.count < killAt { try await Task.sleep(for: .milliseconds(5)) }
                        killed.child.signal(SIGKILL)
                        _ = await killed.child.exited(within: .seconds(30))
                        while accepted.count < killAt * 2 { try await Task.sleep(for: .milliseconds(5)) }
                        let stopped = try await Self.rabbitmqctl("stop_app", environment: brokerEnvironment)
                        #expect(stopped.status == 0, "\(stopped.output)")
                        try await Task.sleep(for: .seconds(3))
                        let started = try await Self.rabbitmqctl("start_app", environment: brokerEnvironment)
                        #expect(started.status == 0, "\(started.output)")
                    }
                    try await group.waitForAll()
                }
                #expect(accepted.count < sessions * perSession + 1)
                // The killed agent comes back under its name: its queue kept the conversations hashed to it.
                second = try Node(role: "agent", port: port + 3, agentID: "a2-\(run)", environment: environment, directory: directory)
                try await CrashRecoveryTests.waitHealthy(port: port + 3)

                let all = accepted.snapshot
                #expect(all.values.reduce(0) { $0 + $1.count } == sessions * perSession, "the gateway accepts every message")
                let (missing, duplicates) = try await CrashRecoveryTests.verifyAnswers(all, port: port)
                var outOfOrder: [String: [Int]] = [:]
                for session in 0..<sessions {
                    let order = try await Self.answeredOrder(session: "dist-\(session)", port: port)
                    if order != order.sorted() { outOfOrder["dist-\(session)"] = order }
                }
                // On failure, what the processes logged says why (they log warnings and errors only).
                var logged = missing.isEmpty && duplicates.isEmpty && outOfOrder.isEmpty ? "" : Self.problemsLogged(in: directory)
                for session in outOfOrder.keys.sorted().prefix(2) {
                    logged += "\n== what the processes logged about \(session)\n" + Self.linesAbout(session, in: directory)
                }
                #expect(missing.isEmpty, "accepted but never answered: \(missing)\n\(logged)")
                #expect(duplicates.isEmpty, "answered more than once: \(duplicates)\n\(logged)")
                #expect(outOfOrder.isEmpty, "replies out of order: \(outOfOrder.sorted { $0.key < $1.key })\n\(logged)")
                await first.stop()
                await second.stop()
                await gateway.stop()
                TestArtifacts.keep(from: directory, as: "distributed-mode")
            }
        }
    }

    /// The error lines of the processes' logs, and how often each kind of warning appeared.
    static func problemsLogged(in directory: URL) -> String {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        var report: [String] = []
        for file in files.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) where file.pathExtension == "log" {
            let lines = ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n")
            let errors = lines.filter { $0.contains(" error ") }
            var warnings: [String: Int] = [:]
            for line in lines where line.contains(" warning ") {
                // The message after the metadata, without the time: "[SaudaBus] delivery failed, will retry".
                let message = line.split(separator: "]", maxSplits: 1).last.map(String.init) ?? String(line)
                warnings[String(message.prefix(120)), default: 0] += 1
            }
            report.append("== \(file.lastPathComponent): \(errors.count) errors")
            report += errors.prefix(15).map { String($0.prefix(400)) }
            report += warnings.sorted { $0.value > $1.value }.prefix(8).map { "\($0.value)× warning\($0.key)" }
        }
        return report.joined(separator: "\n")
    }

    /// The log lines of every process that mention a session (exactly, not `dist-3` for `dist-30`), time-ordered.
    static func linesAbout(_ session: String, in directory: URL) -> String {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        var lines: [String] = []
        for file in files where file.pathExtension == "log" {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                guard let range = line.range(of: session),
                      range.upperBound == line.endIndex || !(line[range.upperBound].isNumber) else { continue }
                lines.append("\(file.deletingPathExtension().lastPathComponent): \(line.prefix(300))")
            }
        }
        // "agent-a1…: 2026-11-23T12:40:50+0000 …": order by the time after the name.
        return lines.sorted { ($0.split(separator: " ").dropFirst().first ?? "") < ($1.split(separator: " ").dropFirst().first ?? "") }
            .prefix(200).joined(separator: "\n")
    }

    /// Runs `rabbitmqctl` against the test broker (scripts/rabbitmq.sh ctl).
    static func rabbitmqctl(_ command: String, environment: [String: String]) async throws -> (status: Int32, output: String) {
        let script = FileManager.default.currentDirectoryPath + "/scripts/rabbitmq.sh"
        return try await ChildProcess.run("/bin/bash", [script, "ctl", command], environment: environment, limit: .seconds(120))
    }

    /// The customer message numbers each bot reply of a session answers, in the order the replies were written.
    static func answeredOrder(session: String, port: Int) async throws -> [Int] {
        let (_, data) = try await CrashRecoveryTests.request("http://127.0.0.1:\(port)/api/v1/webchat/default/sessions/\(session)/messages")
        let body = try JSONDecoder().decode(ConversationBody.self, from: data)
        var order: [Int] = []
        for reply in body.messages where reply.role == "bot" {
            for answer in reply.answers ?? [] {
                // "wc:dist-3:d7" → 7
                if let last = answer.split(separator: ":").last, let number = Int(last.dropFirst()) { order.append(number) }
            }
        }
        return order
    }
}
