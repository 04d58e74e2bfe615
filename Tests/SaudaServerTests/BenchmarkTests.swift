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

    static let postgresURL = ProcessInfo.processInfo.environment["SAUDA_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let rabbitMQURL = ProcessInfo.processInfo.environment["SAUDA_TEST_RABBITMQ_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// `serve` on PostgreSQL answers every customer of a burst, and so does a second run on the same server: each run
    /// prepares a database of its own before its pool is needed (the harness once prepared the database through a
    /// system whose pool was not running yet, and waited for ever).
    @Test(.enabled(if: BenchmarkTests.postgresURL != nil, "needs SAUDA_TEST_POSTGRES_URL"), .timeLimit(.minutes(3)))
    func theBurstBenchmarkAnswersEveryCustomerOfServeOnPostgreSQL() async throws {
        let url = try #require(Self.postgresURL)
        for _ in 0..<2 {
            let result = try await smallBurst(on: .postgres(serverURL: url))
            #expect(result.shape == "postgres" && result.agents == 1)
        }
    }

    /// A gateway and two agents over RabbitMQ and PostgreSQL answer every customer of a burst.
    @Test(.enabled(if: BenchmarkTests.postgresURL != nil && BenchmarkTests.rabbitMQURL != nil,
                   "needs SAUDA_TEST_POSTGRES_URL and SAUDA_TEST_RABBITMQ_URL"), .timeLimit(.minutes(3)))
    func theBurstBenchmarkAnswersEveryCustomerOfTheDistributedShape() async throws {
        let shape = WebChatShape.distributed(serverURL: try #require(Self.postgresURL), rabbitMQURL: try #require(Self.rabbitMQURL), agents: 2)
        let result = try await smallBurst(on: shape)
        #expect(result.shape == "distributed" && result.agents == 2)
    }

    /// Four customers posting two messages each, a model of 50 ms a call, one call in flight per answering process
    /// (the limit is each process's own): every customer's last message is answered (the run throws otherwise), and no
    /// sooner than the calls could have been made.
    private func smallBurst(on shape: WebChatShape) async throws -> BurstBenchmark.Result {
        let options = BurstBenchmark.Options(customers: 4, messages: 2, model: .geminiSimulator, modelDelay: .milliseconds(50),
                                             agentConcurrency: 8, modelConcurrency: 1, shape: shape)
        let result = try await BurstBenchmark(options: options, logger: testLogger).run()
        #expect(result.customers == 4 && result.messages == 2)
        #expect(result.firstP50 >= 50, "no answer comes before the model's first call ends")
        #expect(result.firstMax <= result.finalMax)
        #expect(result.finalMax >= Double(4 * 50 / shape.agents), "four customers' calls, one at a time in each process, take their time")
        return result
    }
}
