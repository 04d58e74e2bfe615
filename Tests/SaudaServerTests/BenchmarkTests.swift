import Logging
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// The benchmark commands run to the end on a small load and report consistent figures (no timing is asserted).
@Suite struct BenchmarkTests {
    @Test func theWhatsAppBenchmarkAnswersEveryMessageThroughTheSimulator() async throws {
        let options = WhatsAppBenchmark.Options(messages: 60, customers: 6, rate: 20, latencySeconds: 1, sendsPerMinute: 1_000_000,
                                                durability: .normal)
        let result = try await WhatsAppBenchmark(options: options, logger: testLogger).run()
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
    }
}
