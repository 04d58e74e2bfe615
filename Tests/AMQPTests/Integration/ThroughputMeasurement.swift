import AMQP
import Foundation
import Logging
import NIOCore
import Testing

extension RabbitMQTests {
    /// Rough throughput against the local broker, only when SAUDA_TEST_AMQP_MEASURE is set (it
    /// proves nothing by itself; the figures are logged at info level).
    @Suite(.enabled(if: ProcessInfo.processInfo.environment["SAUDA_TEST_AMQP_MEASURE"] != nil, "SAUDA_TEST_AMQP_MEASURE is not set"))
    struct ThroughputMeasurement {
        static let body = ByteBuffer(repeating: 0x61, count: 256)

        @Test func publishWithConfirmsAndConsumeWithAcks() async throws {
            let logger = TestBroker.logger
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            let queue = TestBroker.uniqueName("measure")
            try await channel.queueDeclare(queue, exclusive: true)
            try await channel.confirmSelect()

            let sequentialCount = 2000
            var start = ContinuousClock.now
            for _ in 0..<sequentialCount { try await channel.publish(Self.body, routingKey: queue) }
            let sequential = ContinuousClock.now - start

            let concurrentCount = 20_000
            let inFlight = 100
            start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<concurrentCount {
                    if index >= inFlight { try await group.next() }
                    group.addTask { try await channel.publish(Self.body, routingKey: queue) }
                }
                try await group.waitForAll()
            }
            let concurrent = ContinuousClock.now - start

            let consumerChannel = try await connection.openChannel()
            try await consumerChannel.basicQos(prefetchCount: 200)
            let consumer = try await consumerChannel.consume(queue: queue)
            let total = sequentialCount + concurrentCount
            var received = 0
            start = ContinuousClock.now
            for try await delivery in consumer {
                received += 1
                try await delivery.ack()
                if received == total { break }
            }
            let consumed = ContinuousClock.now - start
            #expect(received == total)

            func rate(_ count: Int, _ duration: Duration) -> String {
                let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
                return "\(Int(Double(count) / seconds)) msg/s (\(count) in \(duration))"
            }
            logger.info("AMQP measurement", metadata: [
                "publish_confirmed_one_at_a_time": "\(rate(sequentialCount, sequential))",
                "publish_confirmed_100_in_flight": "\(rate(concurrentCount, concurrent))",
                "consume_and_ack_prefetch_200": "\(rate(total, consumed))",
            ])
            try await connection.close()
        }
    }
}
