import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SaudaChannels
import SaudaCore
import SaudaServer
import ServiceLifecycle

/// Sauda embedded in a web-chat benchmark's process, in one of its shapes (``WebChatShape``): the systems on a database
/// of the run's own, the gateway's HTTP server on a loopback port, loopback trusted as a proxy (so posts can name their
/// client address), and an HTTP client with room for every writer.
enum EmbeddedWebChat {
    /// Runs `body` with a poster to a running Sauda of `shape` and `settings` (its database replaced by one of the run's
    /// own) whose businesses `tenants` exist; `replied` hears every bot reply of the web chat (tenant, session, the
    /// message it answers, when).
    static func run<Value: Sendable>(
        shape: WebChatShape = .embedded, settings base: SaudaSettings, tenants: [String], connections: Int, logger: Logger,
        replied: @escaping @Sendable (_ tenant: String, _ session: String, _ replyTo: String?, _ at: ContinuousClock.Instant) -> Void,
        _ body: @escaping @Sendable (WebChatPoster) async throws -> Value
    ) async throws -> Value {
        var quiet = logger
        quiet.logLevel = .error
        return try await ScratchDatabase.with(server: shape.postgresServer, tenants: tenants, settings: base, logger: quiet) { location in
            var settings = base
            settings.database = location
            guard let loopback = AddressRange("127.0.0.1") else { throw BenchmarkError(message: "loopback is not an address range") }
            settings.edge.trustedProxies = [loopback]
            let (system, others) = try shape.systems(settings: settings, logger: quiet)
            return try await serve(system, beside: others, connections: connections, logger: quiet, replied: replied, body)
        }
    }

    /// Runs `system`'s HTTP application and the `others` systems' services, and `body` with a poster to the application.
    private static func serve<Value: Sendable>(
        _ system: SaudaSystem, beside others: [SaudaSystem], connections: Int, logger quiet: Logger,
        replied: @escaping @Sendable (_ tenant: String, _ session: String, _ replyTo: String?, _ at: ContinuousClock.Instant) -> Void,
        _ body: @escaping @Sendable (WebChatPoster) async throws -> Value
    ) async throws -> Value {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil) { port in portContinuation.yield(port) }
        // The other systems' services start first and stop last: graceful shutdown goes from the web chat inwards.
        let serviceGroup = ServiceGroup(configuration: .init(services: others.flatMap(\.services) + [app], gracefulShutdownSignals: [],
                                                             logger: quiet))
        var pool = HTTPClient.Configuration.ConnectionPool()
        pool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: .init(timeout: .init(connect: .seconds(10), read: .seconds(60)), connectionPool: pool))
        do {
            let result = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { portContinuation.finish() }
                    try await serviceGroup.run()
                }
                let observer = system.hub.subscribeAll()
                group.addTask {
                    for await event in observer where event.message.role == "bot" {
                        replied(event.tenantID, event.session, event.message.replyTo, .now)
                    }
                }
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next() else { throw BenchmarkError(message: "Sauda's HTTP server did not start") }
                let result = try await body(WebChatPoster(client: client, base: "http://127.0.0.1:\(port)/api/v1/webchat"))
                await serviceGroup.triggerGracefulShutdown()
                system.hub.finishAll()
                try await group.waitForAll()
                return result
            }
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
