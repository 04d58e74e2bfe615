import Logging
import SaudaChannels
import SaudaStore
import ServiceLifecycle

/// Closes the database after every other service stopped (it is the first service of the group, so
/// graceful shutdown reaches it last) and ends live web-chat streams when shutdown begins.
struct DatabaseCloser: Service {
    let database: any Database
    let hub: WebChatHub
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        hub.finishAll()
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
