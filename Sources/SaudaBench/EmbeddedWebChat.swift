import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SaudaChannels
import SaudaCore
import SaudaServer
import SaudaStore
import ServiceLifecycle

/// The embedded shape the web-chat benchmarks drive: `serve` on a temporary SQLite database (synced commits), its
/// HTTP server on a loopback port, loopback trusted as a proxy (so posts can name their client address), and an HTTP
/// client with room for every writer.
enum EmbeddedWebChat {
    /// Runs `body` with a poster to a running server of `settings` (its database replaced by a temporary one) whose
    /// businesses `tenants` exist; `replied` hears every bot reply of the web chat (tenant, session, the message it
    /// answers, when).
    static func run<Value: Sendable>(
        settings base: SaudaSettings, tenants: [String], connections: Int, logger: Logger,
        replied: @escaping @Sendable (_ tenant: String, _ session: String, _ replyTo: String?, _ at: ContinuousClock.Instant) -> Void,
        _ body: @escaping @Sendable (WebChatPoster) async throws -> Value
    ) async throws -> Value {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sauda-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = base
        settings.database = .sqlite(path: directory.appendingPathComponent("bench.sqlite").path)
        guard let loopback = AddressRange("127.0.0.1") else { throw BenchmarkError(message: "loopback is not an address range") }
        settings.edge.trustedProxies = [loopback]
        var quiet = logger
        quiet.logLevel = .error
        let system = try SaudaSystem(settings: settings, logger: quiet, sqliteDurability: .full)
        try await system.prepare()
        for id in tenants {
            _ = try await system.database.transaction { sql in
                try await TenantRepository(sql).create(Tenant(id: id, name: id, timeZone: "Asia/Almaty"), now: Date())
            }
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = system.makeApplication(hostname: "127.0.0.1", port: 0, registry: nil) { port in portContinuation.yield(port) }
        let serviceGroup = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: quiet))
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
                        let parts = event.topic.split(separator: "/", maxSplits: 1).map(String.init)
                        guard parts.count == 2 else { continue }
                        replied(parts[0], parts[1], event.message.replyTo, .now)
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
