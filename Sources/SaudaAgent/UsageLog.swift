import Foundation
import Logging
import SaudaBus
import SaudaCore
import SaudaModels
import SaudaStore
import ServiceLifecycle
import Synchronization

/// Collects model calls and writes them to `model_usage` about once a second in one transaction, so that
/// recording usage adds no write to a turn. Records still buffered when the process is killed are lost
/// (usage statistics, not customer data); a graceful shutdown writes them.
public final class UsageLog: ModelUsageSink, Service {
    let database: any Database
    let logger: Logger
    private let buffer = Mutex<[ModelUsageRecord]>([])
    private let flushing = AsyncLock()
    private let flushInterval: Duration

    /// Creates a log.
    public init(database: any Database, flushInterval: Duration = .seconds(1), logger: Logger) {
        self.database = database
        self.flushInterval = flushInterval
        self.logger = logger
    }

    public func record(_ call: ModelCallRecord) {
        let record = ModelUsageRecord(tenantID: call.tenantID, contactID: call.contactID, purpose: call.purpose, provider: call.provider,
                                      model: call.model, inputTokens: call.usage.input, outputTokens: call.usage.output,
                                      outcome: call.outcome, durationMilliseconds: Double(call.duration.totalNanoseconds) / 1e6,
                                      createdAt: Date())
        buffer.withLock { $0.append(record) }
    }

    /// Writes what is buffered; returns once everything recorded before the call is in the database.
    public func flush() async {
        // One flush at a time: a caller must not return while records taken by a flush running beside it are
        // still on their way to the database (seen as a test reading no usage right after `flush()`).
        await flushing.lock()
        defer { flushing.unlock() }
        let records = buffer.withLock { buffered -> [ModelUsageRecord] in
            defer { buffered.removeAll() }
            return buffered
        }
        guard !records.isEmpty else { return }
        do {
            try await database.transaction { sql in try await ModelUsageRepository(sql).add(records) }
        } catch {
            logger.error("model usage could not be recorded", metadata: ["count": "\(records.count)", "error": "\(error)"])
        }
    }

    public func run() async throws {
        while !Task.isCancelledOrShuttingDown {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.flushInterval) }
            await flush()
        }
        await flush()
    }
}
