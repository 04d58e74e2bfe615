import Logging
import SaudaChannels
import SaudaStore
import ServiceLifecycle

/// Closes the SQLite database after every other service stopped (``DatabaseParts/service`` puts it first in the
/// group, so graceful shutdown reaches it last; for PostgreSQL the pool itself is that service).
/// The benchmarks run ``SaudaSystem/roleServices``, without it, closing the database themselves.
public struct DatabaseCloser: Service {
    let database: any Database
    let logger: Logger

    /// Waits for graceful shutdown, then closes the database.
    public func run() async throws {
        try? await gracefulShutdown()
        await database.close()
        logger.info("database closed")
    }
}

/// Ends web-chat event streams as soon as shutdown begins so that open connections do not hold the server.
struct StreamCloser: Service {
    let hub: WebChatHub

    func run() async throws {
        try? await gracefulShutdown()
        hub.finishAll()
    }
}
