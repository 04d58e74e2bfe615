import Foundation
import Logging
import SaudaCore
import SaudaStore
import ServiceLifecycle

/// Moves committed outbox rows to their queues, in order, and wakes the queues' consumers.
public final class OutboxRelay: Service {
    let database: any Database
    let bus: any MessageBus
    let logger: Logger
    /// Notified by writers of the outbox after they commit.
    public let signal: WakeSignal
    private let batchSize: Int
    private let fullQueues = FullQueues()

    /// Creates a relay.
    /// - Parameter signal: the signal writers of the outbox notify (a broker bus shares its own).
    public init(database: any Database, bus: any MessageBus, signal: WakeSignal = WakeSignal(), batchSize: Int = 200, logger: Logger) {
        self.database = database
        self.bus = bus
        self.signal = signal
        self.batchSize = batchSize
        self.logger = logger
    }

    /// Relays one batch.
    ///
    /// A queue the broker has no room in (``QueueFullError``) gets what fits; its later rows wait in the outbox, in
    /// their order, and are left out of the batches of the next ``fullQueuePause`` while the other queues' rows go on.
    /// - Returns: rows relayed (the batch size when there may be more), or ``anotherRelayIsBusy``.
    @discardableResult
    public func relayOnce() async throws -> Int {
        let bus = self.bus
        let limit = batchSize
        let waiting = fullQueues.waiting(now: .now)
        let outcome = try await database.transaction { sql -> (touched: [QueueName], full: [QueueFullError])? in
            let outbox = OutboxRepository(sql)
            guard try await outbox.takeRelayTurn() else { return nil }
            let entries = try await outbox.pending(limit: limit, excludingQueues: waiting)
            guard !entries.isEmpty else { return ([], []) }
            var touched: [QueueName] = []
            var full: [String: QueueFullError] = [:]
            var relayed: [Int64] = []
            var index = 0
            while index < entries.count {
                let queueName = entries[index].queue
                var group: [OutboxEntry] = []
                while index < entries.count, entries[index].queue == queueName {
                    group.append(entries[index])
                    index += 1
                }
                // A full queue's later rows must not overtake the ones it refused.
                guard full[queueName] == nil else { continue }
                let queue = QueueName(rawValue: queueName) ?? .outgoing
                do {
                    try await Self.relay(group, to: queue, through: bus, in: sql)
                    relayed += group.map(\.id)
                } catch let error as QueueFullError {
                    full[queueName] = error
                    let fitting = group.prefix(error.room)
                    guard !fitting.isEmpty, fitting.count < group.count else { continue }
                    do {
                        try await Self.relay(Array(fitting), to: queue, through: bus, in: sql)
                        relayed += fitting.map(\.id)
                    } catch is QueueFullError {
                        continue
                    }
                }
                touched.append(queue)
            }
            try await outbox.removeRelayed(relayed)
            return (touched, Array(full.values))
        }
        // Another process's relay has the outbox now: this one tries again shortly, not after the idle wait.
        guard let outcome else { return Self.anotherRelayIsBusy }
        for error in outcome.full where fullQueues.hold(error.queue.rawValue, until: .now + Self.fullQueuePause) {
            logger.warning("a queue on the broker is full; its messages wait in the outbox until its consumers make room",
                           metadata: ["queue": "\(error.queue.rawValue)", "waiting": "\(error.depth)", "max_length": "\(error.maxLength)"])
        }
        let full = Set(outcome.full.map(\.queue))
        fullQueues.clear(Set(outcome.touched).subtracting(full).map(\.rawValue))
        for queue in Set(outcome.touched) { bus.notify(queue) }
        return outcome.touched.isEmpty ? 0 : limit
    }

    private static func relay(_ group: [OutboxEntry], to queue: QueueName, through bus: any MessageBus, in sql: any SQLConnection) async throws {
        try await bus.relay(group.map { QueueItem(partitionKey: $0.partitionKey, tenantID: $0.tenantID, payload: $0.payload) },
                            to: queue, in: sql, now: Date())
    }

    /// How long the rows of a full queue wait before the relay offers them again.
    static let fullQueuePause: Duration = .milliseconds(250)

    /// What ``relayOnce()`` returns when another process's relay holds the outbox.
    public static let anotherRelayIsBusy = -1

    /// Relays until the service group shuts down.
    public func run() async throws {
        while !Task.isCancelledOrShuttingDown {
            do {
                let relayed = try await relayOnce()
                if relayed == Self.anotherRelayIsBusy {
                    try? await Task.sleep(for: .milliseconds(5))
                } else if relayed == 0 {
                    await signal.wait(timeout: .milliseconds(250))
                }
            } catch {
                logger.error("outbox relay failed, retrying", metadata: ["error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
    }
}
