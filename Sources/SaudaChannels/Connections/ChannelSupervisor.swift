import Foundation
import Logging
import SaudaCore
import SaudaStore
import ServiceLifecycle
import Synchronization

/// Keeps what runs for the businesses' channel connections in step with `channel_connections`, without a restart.
///
/// Every `interval` it reads each connection's version and whether its business is suspended
/// (``ChannelConnectionRepository/versions()``). A connection that is new, whose version moved (a changed setting,
/// token, state) or whose business was suspended or resumed is read whole, its secrets are opened and it is handed to
/// its provider's ``ChannelConnectionRunner``; a removed one is stopped. Connections of a provider without a runner
/// (the web-chat widget's) are left alone. A report of a provider call (``ChannelConnectionRepository/report(tenantID:id:error:now:)``)
/// does not move the version, so it restarts nothing.
public final class ChannelSupervisor: Service {
    let database: any Database
    let sealer: SecretSealer
    let runners: [ChannelProvider: any ChannelConnectionRunner]
    let interval: Duration
    let clock: AnyClock
    let logger: Logger
    /// What was last applied, by connection id: its version and its business's suspension.
    private let applied = Mutex<[String: Applied]>([:])
    /// Runs one reconciliation at a time.
    private let lock = AsyncLock()

    private struct Applied: Equatable {
        var version: Int
        var suspended: Bool
    }

    /// What one reconciliation did.
    public struct Reconciliation: Sendable, Hashable {
        /// Connections started or restarted.
        public var applied = 0
        /// Connections stopped because they were removed.
        public var removed = 0
    }

    /// Creates the supervisor.
    /// - Parameters:
    ///   - sealer: opens the connections' secrets.
    ///   - runners: one per provider it runs.
    ///   - interval: between two reads of the versions; a change takes effect within it.
    ///   - clock: the clock the interval runs on (tests call ``reconcile()`` instead).
    public init(database: any Database, sealer: SecretSealer, runners: [any ChannelConnectionRunner], interval: Duration = .seconds(3),
                clock: some Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.database = database
        self.sealer = sealer
        self.runners = Dictionary(runners.map { ($0.provider, $0) }, uniquingKeysWith: { first, _ in first })
        self.interval = interval
        self.clock = AnyClock(clock)
        self.logger = logger
    }

    /// Reads the versions once and applies what changed since the last reconciliation.
    @discardableResult
    public func reconcile() async throws -> Reconciliation {
        try await lock.withLock { try await reconcileNow() }
    }

    private func reconcileNow() async throws -> Reconciliation {
        let versions = try await database.read { sql in try await ChannelConnectionRepository(sql).versions() }
        let known = applied.withLock { $0 }
        let changed = Set(versions.compactMap { id, value in
            known[id] == Applied(version: value.version, suspended: value.businessSuspended) ? nil : id
        })
        var result = Reconciliation()
        if !changed.isEmpty {
            let rows = try await database.read { sql in try await ChannelConnectionRepository(sql).all() }
            for (connection, suspended) in rows where changed.contains(connection.id) {
                defer { applied.withLock { $0[connection.id] = Applied(version: connection.version, suspended: suspended) } }
                guard let runner = runners[connection.provider] else { continue }
                let secrets: [String: String]
                do {
                    secrets = try await reveal(runner.secretNames, of: connection)
                } catch {
                    logger.error("a channel connection's secrets could not be opened; it is not started",
                                 metadata: ["connection": "\(connection.id)", "tenant": "\(connection.tenantID)", "error": "\(error)"])
                    await runner.remove(connectionID: connection.id)
                    continue
                }
                await runner.apply(SupervisedConnection(connection: connection, businessSuspended: suspended, secrets: secrets))
                result.applied += 1
                logger.info("channel connection applied", metadata: [
                    "connection": "\(connection.id)", "tenant": "\(connection.tenantID)", "version": "\(connection.version)",
                    "state": "\(connection.state.rawValue)", "suspended": "\(suspended)"])
            }
        }
        for id in known.keys where versions[id] == nil {
            for runner in runners.values { await runner.remove(connectionID: id) }
            applied.withLock { _ = $0.removeValue(forKey: id) }
            result.removed += 1
            logger.info("channel connection removed", metadata: ["connection": "\(id)"])
        }
        for runner in runners.values { runner.didReconcile() }
        return result
    }

    private func reveal(_ names: [String], of connection: ChannelConnection) async throws -> [String: String] {
        let sealer = self.sealer
        return try await database.read { sql in
            var secrets: [String: String] = [:]
            for name in names {
                secrets[name] = try await SecretRepository(sql).reveal(tenantID: connection.tenantID, name: connection.secretName(name),
                                                                       sealer: sealer)
            }
            return secrets
        }
    }

    /// Where each running connection stands, for `/health`, by business and id.
    public func statuses() -> [ChannelConnectionStatus] {
        runners.values.flatMap { $0.statuses() }.sorted { ($0.tenantID, $0.id) < ($1.tenantID, $1.id) }
    }

    /// Reconciles every `interval` until shutdown, then stops what it started.
    public func run() async throws {
        while !Task.isCancelledOrShuttingDown {
            do { try await reconcile() } catch {
                logger.error("reading the channel connections failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await self.clock.sleep(for: self.interval) }
        }
        for runner in runners.values { await runner.removeAll() }
    }
}
