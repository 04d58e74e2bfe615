import Foundation
import NIOHTTP1
import SaudaTestSupport
import Testing

/// Sauda's halves work with the earlier Python gateway and agent (docs/compatibility.md): a pika script
/// (`scripts/seed_peer.py`) declares their queues exactly as they did and speaks their JSON. Real RabbitMQ, PostgreSQL and
/// `sauda` processes.
@Suite(.serialized) struct SeedInteroperabilityTests {
    static let python = ProcessInfo.processInfo.environment["SAUDA_TEST_PYTHON"]
    static var ready: Bool { DistributedModeTests.ready && python != nil }
    static let script = FileManager.default.currentDirectoryPath + "/scripts/seed_peer.py"

    /// The environment of a run with queue names of its own (the broker is shared with other tests).
    static func environment(databaseURL: String, run: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = databaseURL
        environment["RABBITMQ_URL"] = DistributedModeTests.rabbitURL
        environment["QUEUE_INCOMING_MESSAGES"] = "incoming_\(run)"
        environment["QUEUE_OUTGOING_MESSAGES"] = "outgoing_\(run)"
        environment["QUEUE_VOICE_TRANSCRIPTION"] = "voice_\(run)"
        environment["LOG_LEVEL"] = "warning"
        return environment
    }

    @Test(.enabled(if: SeedInteroperabilityTests.ready, "needs RabbitMQ, PostgreSQL, pika and the sauda binary (scripts/test.sh)"),
          .timeLimit(.minutes(3)))
    func aGatewayWrittenToTheSeedIsAnsweredBySaudasAgent() async throws {
        try await DistributedModeTests.withDatabase { databaseURL in
            try await withTemporaryDirectory { directory in
                let run = UUID().uuidString.prefix(8).lowercased()
                let environment = Self.environment(databaseURL: databaseURL, run: run)
                let port = try freeLoopbackPort()
                let agent = try DistributedModeTests.Node(role: "agent", port: port, agentID: "seed-\(run)", environment: environment,
                                                          directory: directory)
                try await CrashRecoveryTests.waitHealthy(port: port)
                let python = try #require(Self.python)
                let (status, output) = try await ChildProcess.run(python, [Self.script, "gateway", try #require(DistributedModeTests.rabbitURL),
                                                                          "incoming_\(run)", "outgoing_\(run)"],
                                                                  environment: environment, limit: .seconds(120))
                #expect(status == 0, "the earlier gateway got no proper reply: \(output)\n\(agent.child.output)")
                #expect(output.contains(#""ok": true"#))
                await agent.stop()
            }
        }
    }

    @Test(.enabled(if: SeedInteroperabilityTests.ready, "needs RabbitMQ, PostgreSQL, pika and the sauda binary (scripts/test.sh)"),
          .timeLimit(.minutes(3)))
    func anAgentWrittenToTheSeedReadsWhatSaudasGatewayPublishes() async throws {
        try await DistributedModeTests.withDatabase { databaseURL in
            try await withTemporaryDirectory { directory in
                let run = UUID().uuidString.prefix(8).lowercased()
                let environment = Self.environment(databaseURL: databaseURL, run: run)
                let port = try freeLoopbackPort()
                let gateway = try DistributedModeTests.Node(role: "gateway", port: port, environment: environment, directory: directory)
                try await CrashRecoveryTests.waitHealthy(port: port)
                // No Sauda agent runs: what the gateway publishes reaches the shared queue, where the earlier agent reads it.
                let (accepted, _) = try await CrashRecoveryTests.request(
                    "http://127.0.0.1:\(port)/api/v1/webchat/default/messages", method: .POST,
                    body: ["session": "seed-peer", "text": "Сколько стоит доставка?", "id": "s1"])
                #expect(accepted == 202)
                let python = try #require(Self.python)
                let (status, output) = try await ChildProcess.run(python, [Self.script, "agent", try #require(DistributedModeTests.rabbitURL),
                                                                          "incoming_\(run)"],
                                                                  environment: environment, limit: .seconds(90))
                #expect(status == 0, "the earlier agent could not read the message: \(output)")
                #expect(output.contains("Сколько стоит доставка?"))
                #expect(output.contains(#""persistent": true"#))
                await gateway.stop()
            }
        }
    }
}
