import Logging
import SaudaCore
import ServiceLifecycle

/// Periodically dead-letters expired and poisoned queue messages, so nothing waits forever or vanishes.
public struct QueueSweeper: Service {
    let bus: SQLMessageBus
    let interval: Duration
    let logger: Logger

    /// Creates a sweeper.
    public init(bus: SQLMessageBus, interval: Duration = .seconds(5), logger: Logger) {
        self.bus = bus
        self.interval = interval
        self.logger = logger
    }

    /// Sweeps until shutdown.
    public func run() async throws {
        while !Task.isCancelledOrShuttingDown {
            do { try await bus.sweep() } catch { logger.error("queue sweep failed", metadata: ["error": "\(error)"]) }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
