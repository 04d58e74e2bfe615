import AMQP
import Foundation
import Logging
import NIOCore
import Testing

/// Every test against the real broker, run one at a time: one of them restarts the broker's
/// application, and the others must not see that.
@Suite(.serialized, .enabled(if: TestBroker.isAvailable, "SAUDA_TEST_RABBITMQ_URL is not set"))
struct RabbitMQTests {}

/// The RabbitMQ broker of the integration tests, from `SAUDA_TEST_RABBITMQ_URL` (unset: skipped).
enum TestBroker {
    static let url: String? = {
        guard let url = ProcessInfo.processInfo.environment["SAUDA_TEST_RABBITMQ_URL"], !url.isEmpty else { return nil }
        return url
    }()

    static var isAvailable: Bool { url != nil }

    /// A Python with pika installed, from `SAUDA_TEST_PYTHON` (unset: the pika tests are skipped).
    static let python: String? = {
        guard let path = ProcessInfo.processInfo.environment["SAUDA_TEST_PYTHON"], !path.isEmpty else { return nil }
        return path
    }()

    static var logger: Logger {
        var logger = Logger(label: "amqp-test")
        logger.logLevel = .info
        return logger
    }

    /// Connects to the test broker.
    static func connect() async throws -> AMQPConnection {
        guard let url else { throw AMQPError.invalidArgument("SAUDA_TEST_RABBITMQ_URL is not set") }
        return try await AMQPConnection.connect(url: url, logger: logger)
    }

    /// A name no other test run uses.
    static func uniqueName(_ prefix: String) -> String {
        "sauda-test.\(prefix).\(UInt32.random(in: 0...UInt32.max))"
    }
}

/// Runs `body` and returns the ``AMQPError`` it threw, or nil.
func amqpError(_ body: () async throws(AMQPError) -> Void) async -> AMQPError? {
    do {
        try await body()
        return nil
    } catch {
        return error
    }
}
