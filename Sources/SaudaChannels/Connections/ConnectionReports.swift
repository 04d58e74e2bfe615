import Foundation
import Logging
import SaudaCore
import SaudaStore

/// Writes what a channel connection's calls to its provider found to its row (``ChannelConnectionRepository/report(tenantID:id:error:now:)``:
/// `failing` with the error, or `active` again), for the providers' runners. Reports are written one at a time, each
/// with the connection's state as it is when its turn comes, so two reports close together cannot leave the older one
/// in the row.
public final class ConnectionReports: Sendable {
    let database: any Database
    let wallClock: @Sendable () -> Date
    let logger: Logger
    private let turns = AsyncLock()

    /// Creates the writer.
    /// - Parameter wallClock: the moment stored with each report.
    public init(database: any Database, wallClock: @escaping @Sendable () -> Date, logger: Logger) {
        self.database = database
        self.wallClock = wallClock
        self.logger = logger
    }

    /// Writes `connection`'s state in the background, once the reports before it are written.
    /// - Parameter current: the error the runner holds for the connection when the write's turn comes (`.some(nil)`:
    ///   it works); `nil` when the runner no longer has it (nothing is written).
    public func write(_ connection: ChannelConnection, current: @escaping @Sendable () -> String??) {
        let (database, wallClock, logger, turns) = (self.database, self.wallClock, self.logger, self.turns)
        Task {
            await turns.withLock {
                guard let error = current() else { return }
                let now = wallClock()
                do {
                    try await database.transaction { sql in
                        try await ChannelConnectionRepository(sql).report(tenantID: connection.tenantID, id: connection.id, error: error, now: now)
                    }
                } catch {
                    logger.error("reporting a channel connection's state failed", metadata: [
                        "connection": "\(connection.id)", "provider": "\(connection.provider.rawValue)", "error": "\(error)"])
                }
            }
        }
    }
}
