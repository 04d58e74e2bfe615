import SaudaBus
import SaudaCore
import SaudaStore

/// Queues for tests of what fills them.
public enum TestQueues {
    /// A table bus whose incoming and voice queues hold at most the given numbers of messages.
    /// - Parameter clock: the clock its leases, backoffs, postponements and waits run on (the real one without it).
    public static func bus(_ database: any Database, incoming: Int, voice: Int = 10, clock: ManualClock? = nil) -> SQLMessageBus {
        var limits: [QueueName: QueueLimits] = [:]
        for (queue, maxLength) in [(QueueName.incoming, incoming), (.voice, voice)] {
            limits[queue] = QueueLimits.seedDefault(for: queue)
            limits[queue]?.maxLength = maxLength
        }
        guard let clock else { return SQLMessageBus(database: database, limits: limits, retryPolicy: RetryPolicy(), logger: testLogger) }
        return SQLMessageBus(database: database, limits: limits, retryPolicy: RetryPolicy(), clock: { clock.date }, intervalClock: clock,
                             logger: testLogger)
    }

    /// The number of rows of a table.
    public static func count(_ table: String, in database: any Database) async throws -> Int64? {
        try await database.read { sql in try await sql.query("SELECT COUNT(*) AS n FROM \(table)").first?.optionalInt("n") }
    }
}
