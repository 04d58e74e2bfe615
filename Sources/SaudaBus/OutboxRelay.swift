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
    /// - Returns: rows relayed (the batch size when there may be more), or ``anotherRelayIsBusy``.
    @discardableResult
    public func relayOnce() async throws -> Int {
        let bus = self.bus
        let limit = batchSize
        let queues = try await database.transaction { sql -> [QueueName]? in
            let outbox = OutboxRepository(sql)
            guard try await outbox.takeRelayTurn() else { return nil }
            let entries = try await outbox.pending(limit: limit)
            guard !entries.isEmpty else { return [] }
            var touched: [QueueName] = []
            var index = 0
            while index < entries.count {
                let queueName = entries[index].queue
                var group: [OutboxEntry] = []
                while index < entries.count, entries[index].queue == queueName {
                    group.append(entries[index])
                    index += 1
                }
                let queue = QueueName(rawValue: queueName) ?? .outgoing
                try await bus.relay(group.map { QueueItem(partitionKey: $0.partitionKey, tenantID: $0.tenantID, payload: $0.payload) },
                                    to: queue, in: sql, now: Date())
                touched.append(queue)
            }
            try await outbox.removeRelayed(entries.map(\.id))
            return touched
        }
        // Another process's relay has the outbox now: this one tries again shortly, not after the idle wait.
        guard let queues else { return Self.anotherRelayIsBusy }
        for queue in Set(queues) { bus.notify(queue) }
        return queues.isEmpty ? 0 : limit
    }

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
