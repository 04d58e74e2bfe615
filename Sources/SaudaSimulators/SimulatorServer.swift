import Hummingbird
import Logging
import NIOCore
import SaudaCore

/// Runs a simulator's routes on a loopback port until the surrounding task is cancelled.
public enum SimulatorServer {
    /// Serves `router` on `host:port` (port 0 picks a free one) and calls `body` with the bound port;
    /// the server stops when `body` returns.
    public static func withServer<T: Sendable>(
        _ router: Router<BasicRequestContext>, host: String = "127.0.0.1", port: Int = 0, logger: Logger = Logger(label: "simulator"),
        _ body: @escaping @Sendable (Int) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var quiet = logger
        quiet.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? port) }, logger: quiet)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                // A server that cannot bind ends here: finishing the stream lets the caller see it.
                defer { continuation.finish() }
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next() else {
                try await group.waitForAll()
                throw CancellationError()
            }
            let result = try await body(bound)
            group.cancelAll()
            return result
        }
    }
}
