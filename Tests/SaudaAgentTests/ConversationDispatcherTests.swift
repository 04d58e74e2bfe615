import AMQP
import Foundation
import SaudaAgent
import SaudaBus
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// The dispatcher keeps each conversation's order through failed turns, on the queue tables and on RabbitMQ.
@Suite struct ConversationDispatcherTests {
    /// What the turns did: the messages of each successful turn in order, and whether the one failure happened.
    final class TurnLog: Sendable {
        private let state = Mutex<(handled: [String], failures: Int)>(([], 0))
        let failing: String
        let clock: AnyClock

        /// - Parameters:
        ///   - failing: the first turn that contains this message fails.
        ///   - clock: the clock a turn takes its while on.
        init(failing: String, clock: AnyClock) {
            self.failing = failing
            self.clock = clock
        }

        var handled: [String] { state.withLock { $0.handled } }
        var failures: Int { state.withLock { $0.failures } }

        /// A turn: takes a while (so that later messages arrive meanwhile), fails once, else records its messages.
        func turn(_ deliveries: [Delivery]) async throws -> Bool {
            try await clock.sleep(for: .milliseconds(80))
            let payloads = deliveries.map(\.message.payload)
            return try state.withLock { state in
                if payloads.contains(failing), state.failures == 0 {
                    state.failures += 1
                    throw TurnFailure()
                }
                state.handled += payloads
                return true
            }
        }
    }

    struct TurnFailure: Error {}

    /// How a test moves time: on the clock the dispatcher, the bus and the turns wait on.
    enum Time {
        /// Real time: the test sleeps and polls (RabbitMQ's hold-backs run on real time).
        case real
        /// A manual clock the test moves once everything waits on it.
        case manual(ManualClock)

        var clock: AnyClock {
            switch self {
            case .real: .continuous
            case .manual(let clock): AnyClock(clock)
            }
        }

        /// Lets `step` pass: a manual clock is moved once the dispatcher's loop and each running turn wait on it,
        /// so that no step depends on how fast the machine is.
        func pass(_ step: Duration, dispatcher: ConversationDispatcher) async throws {
            switch self {
            case .real:
                try await Task.sleep(for: step)
            case .manual(let clock):
                while clock.sleeperCount < dispatcher.runningConversations + 1 {
                    try await Task.sleep(for: .milliseconds(1))
                }
                clock.advance(by: step)
            }
        }
    }

    /// Publishes `a1`…`a8` of one conversation 25 ms apart while a dispatcher consumes them; the turn holding `a2`
    /// fails once. Every message must be handled once, in order.
    static func checkOrder(bus: any MessageBus, database: any Database, time: Time,
                           publish: @escaping @Sendable ([QueueItem]) async throws -> Void) async throws {
        let log = TurnLog(failing: "a2", clock: time.clock)
        let dispatcher = ConversationDispatcher(bus: bus, concurrency: 4, intervalClock: time.clock, logger: testLogger) { deliveries in
            _ = try await log.turn(deliveries)
            try await database.transaction { sql in try await bus.acknowledge(deliveries, in: sql) }
            await bus.settle(deliveries)
        }
        let running = Task { try await dispatcher.run() }
        defer { running.cancel() }
        let expected = (1...8).map { "a\($0)" }
        for payload in expected {
            try await publish([QueueItem(partitionKey: "webchat/default/a", tenantID: Tenant.defaultID, payload: payload)])
            try await time.pass(.milliseconds(25), dispatcher: dispatcher)
        }
        // Long enough for the failed turn's backoff and the dispatcher's polls; a manual clock gets there in steps.
        var steps = 0
        while log.handled.count < expected.count, steps < 600 {
            try await time.pass(.milliseconds(50), dispatcher: dispatcher)
            steps += 1
        }
        #expect(log.failures == 1)
        #expect(log.handled == expected, "a failed turn let later messages overtake it")
    }

    @Test(.timeLimit(.minutes(3)), arguments: DatabaseKind.available)
    func aFailedTurnKeepsLaterMessagesBehindIt(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = ManualClock(start: Date())
            let policy = RetryPolicy(maxAttempts: 5, leaseDuration: 30, initialBackoff: 0.3, maxBackoff: 0.3)
            let bus = SQLMessageBus(database: database, limits: [:], retryPolicy: policy, clock: { clock.date }, intervalClock: clock,
                                    logger: testLogger)
            try await Self.checkOrder(bus: bus, database: database, time: .manual(clock)) { items in
                try await database.transaction { sql in try await bus.publish(items, to: .incoming, in: sql, now: clock.date) }
                bus.notify(.incoming)
            }
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["SAUDA_TEST_RABBITMQ_URL"] != nil, "needs SAUDA_TEST_RABBITMQ_URL"))
    func aFailedTurnKeepsLaterMessagesBehindItOnRabbitMQ() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["SAUDA_TEST_RABBITMQ_URL"])
        try await withTestDatabase(.sqlite) { database in
            // Queue names of this test only: the broker is shared.
            let run = UUID().uuidString.prefix(8).lowercased()
            var limits: [QueueName: QueueLimits] = [:]
            for queue in QueueName.allCases {
                var queueLimits = QueueLimits.seedDefault(for: queue)
                queueLimits.name = "\(queue.rawValue)_order_\(run)"
                limits[queue] = queueLimits
            }
            let policy = RetryPolicy(maxAttempts: 5, leaseDuration: 30, initialBackoff: 0.3, maxBackoff: 0.3)
            let bus = RabbitMQBus(connection: try AMQPConnectionConfiguration(url: url),
                                  topology: RabbitMQTopology(agentID: "order-\(run)", limits: limits),
                                  consuming: [.incoming], retryPolicy: policy, logger: testLogger)
            let service = Task { try await bus.run() }
            defer { service.cancel() }
            // The bus is ready once its queues can be read: under a loaded test run the first connection can take longer
            // than one publish's wait for it.
            let ready = ContinuousClock.now + .seconds(60)
            while (try? await bus.depth(.incoming)) == nil, ContinuousClock.now < ready { try await Task.sleep(for: .milliseconds(100)) }
            try await Self.checkOrder(bus: bus, database: database, time: .real) { items in
                try await database.transaction { sql in try await bus.relay(items, to: .incoming, in: sql, now: Date()) }
            }
        }
    }
}
