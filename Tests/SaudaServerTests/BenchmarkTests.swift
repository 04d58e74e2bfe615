import Foundation
import Logging
import SaudaBench
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// The benchmark commands run to the end on a small load and report consistent figures (no timing is asserted).
@Suite struct BenchmarkTests {
    /// Runs the command as a user would, in its own process, killed after the child-process limit if it hangs.
    /// (It did hang about one run in ten until 23 November: its reply tracker and the gateway could see two
    /// messages of one customer in different orders, see `BenchmarkLoad`.)
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CrashRecoveryTests.binary),
                   "needs the sauda binary: run `swift build` first (scripts/test.sh does)"))
    func theWhatsAppBenchmarkAnswersEveryMessageThroughTheSimulator() async throws {
        let (status, output) = try await ChildProcess.run(
            CrashRecoveryTests.binary,
            ["bench", "whatsapp", "--messages", "60", "--customers", "6", "--rate", "20", "--latency-seconds", "1", "--durability", "normal"],
            environment: ["PATH": "/usr/bin:/bin", "LOG_LEVEL": "error"])
        #expect(status == 0, "\(output)")
        let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("{") })
        let result = try JSONDecoder().decode(WhatsAppBenchmark.Result.self, from: Data(line.utf8))
        #expect(result.latencyMessages == 20)
        #expect(result.replies > 0 && result.replies <= 60)
        #expect(result.messagesPerSecond > 0)
        #expect(result.p50Milliseconds > 0 && result.p50Milliseconds <= result.p99Milliseconds)
        // Each reply is one `message/reply` call plus one mark-as-read; nothing is sent twice.
        #expect(result.wappiCallsPerReply == 2)
        // Every customer message, and an echo and a delivery status per reply, came in as webhooks.
        #expect(result.webhooks >= 80)
    }

    @Test func thePipelineBenchmarkAnswersEveryMessage() async throws {
        let options = PipelineBenchmark.Options(messages: 100, conversations: 10, rate: 20, latencySeconds: 1, durability: .normal)
        let result = try await PipelineBenchmark(options: options, logger: testLogger).run()
        #expect(result.latencyMessages == 20)
        #expect(result.replies > 0 && result.replies <= 100)
        #expect(result.p50Milliseconds <= result.p99Milliseconds)
        // The prompt carries the best passages, not the whole base: fewer input tokens per turn.
        #expect(result.inputTokensPerTurn > 0)
        #expect(result.wholeBaseInputTokensPerTurn > result.inputTokensPerTurn)
    }

    @Test func withASmallQueueThePipelineBenchmarkIsRefusedAndRetriesUntilEveryMessageIsAnswered() async throws {
        let options = PipelineBenchmark.Options(messages: 120, conversations: 12, rate: 20, latencySeconds: 1, durability: .normal,
                                                writers: 24, queueLimit: 3)
        let result = try await PipelineBenchmark(options: options, logger: testLogger).run()
        #expect(result.rejected > 0, "24 writers kept a queue of 3 full")
        #expect(result.rolledBackGroups == 0, "a refused post rolled the writer's group back")
        #expect(result.replies > 0)
    }

    @Test func theFloodBenchmarkAnswersTheQuietBusinessAndRefusesTheFloodedOne() async throws {
        let options = FloodBenchmark.Options(customers: 3, rounds: 2, thinkTime: .milliseconds(50), floodWriters: 4, floodAddresses: 50,
                                             model: .offline, modelDelay: .zero)
        let result = try await FloodBenchmark(options: options, logger: testLogger).run()
        #expect(result.messagesOfB == 6)
        #expect(result.refusedOfB == 0, "nothing of the quiet business is refused")
        #expect(result.idleP50Milliseconds > 0 && result.floodP50Milliseconds > 0)
        #expect(result.floodPosts == result.floodAccepted + result.floodTooMany + result.floodUnavailable + result.floodOther)
        #expect(result.floodOther == 0)
    }

    /// Every customer of a burst gets its answers, none before the model could have given them: with one call in
    /// flight, the customers' turns queue behind each other.
    @Test func theBurstBenchmarkTimesEveryCustomersFirstAndLastAnswer() async throws {
        let options = BurstBenchmark.Options(customers: 4, messages: 2, model: .geminiSimulator, modelDelay: .milliseconds(200),
                                             agentConcurrency: 8, modelConcurrency: 1)
        let result = try await BurstBenchmark(options: options, logger: testLogger).run()
        #expect(result.customers == 4 && result.messages == 2 && result.modelConcurrency == 1)
        #expect(result.firstP50 >= 200, "no answer comes before the model's first call ends")
        #expect(result.firstMax <= result.finalMax)
        #expect(result.finalMax >= 4 * 200, "four customers' calls, one at a time, take at least four calls' time")
    }
}
