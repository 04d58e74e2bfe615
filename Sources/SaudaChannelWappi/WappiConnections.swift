import AsyncHTTPClient
import Foundation
import Logging
import SaudaChannels
import SaudaCore
import SaudaStore
import Synchronization

/// The WhatsApp numbers of the businesses' Wappi connections as they run now: each connection's client (with its
/// token), its poller when its messages are polled, its webhook secret, its send limit. The ``ChannelSupervisor``
/// keeps it in step with `channel_connections`; the webhook, ``WhatsAppDelivery`` and `/health` read it.
///
/// A call of a connection's client that Wappi refuses for its token or profile (401, 403, 402, "profile not found")
/// reports the connection `failing` with the error (``ChannelConnectionRepository/report(tenantID:id:error:now:)``);
/// the next call that succeeds reports it active again.
public final class WappiConnections: ChannelConnectionRunner {
    public let provider = ChannelProvider.wappi
    public let secretNames = [WappiConnectionSettings.tokenSecret, WappiConnectionSettings.webhookSecretName]
    let database: any Database
    let gateway: WappiInbound
    let http: HTTPClient
    let intervalClock: AnyClock
    let wallClock: @Sendable () -> Date
    let logger: Logger
    private let lines = Mutex<[String: Line]>([:])
    /// Writes the connections' reports to their rows.
    private let reports: ConnectionReports
    /// Whether the supervisor has applied every connection once.
    private let ready = Mutex(false)

    /// One running connection.
    struct Line: Sendable {
        var supervised: SupervisedConnection
        var settings: WappiConnectionSettings
        var client: WappiClient
        var throttle: SendThrottle
        var poller: WappiPoller?
        var pollTask: Task<Void, Never>?
        /// The error last reported for it (`nil`: none, or it works again).
        var reportedError: String?

        var connection: ChannelConnection { supervised.connection }
    }

    /// What the webhook and the sender need of a connection.
    public struct Endpoint: Sendable {
        /// The connection's id.
        public var connectionID: String
        /// Its business.
        public var tenantID: String
        /// Its Wappi profile: every webhook event must name it.
        public var profileID: String
        /// Its webhook secret, when one is stored.
        public var webhookSecret: String?
        /// Why it receives nothing now (`connection paused`, `business suspended`); `nil` when it runs.
        public var stopReason: String?
        /// Its client.
        public var client: WappiClient
        /// Its send limit.
        public var throttle: SendThrottle
        /// How long the bot stays silent in a chat after the owner wrote in it from the phone.
        public var humanPause: Duration
    }

    /// Creates the registry, empty until the supervisor applies the connections.
    /// - Parameters:
    ///   - gateway: where polled messages go.
    ///   - intervalClock: the clock of the pollers' intervals and the send limits' minute.
    ///   - wallClock: the current moment of each poll and report.
    public init(database: any Database, gateway: WappiInbound, http: HTTPClient = .shared, intervalClock: some Clock<Duration> = ContinuousClock(),
                wallClock: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        self.database = database
        self.gateway = gateway
        self.http = http
        self.intervalClock = AnyClock(intervalClock)
        self.wallClock = wallClock
        self.logger = logger
        reports = ConnectionReports(database: database, wallClock: wallClock, logger: logger)
    }

    public func apply(_ supervised: SupervisedConnection) async {
        let connection = supervised.connection
        let settings: WappiConnectionSettings
        do {
            settings = try JSONDecoder().decode(WappiConnectionSettings.self, from: Data(connection.settings.utf8))
        } catch {
            logger.error("a WhatsApp connection's settings cannot be read; it is not started",
                         metadata: ["connection": "\(connection.id)", "error": "\(error)"])
            await remove(connectionID: connection.id)
            return
        }
        let token = supervised.secrets[WappiConnectionSettings.tokenSecret] ?? ""
        let connectionID = connection.id
        let client = WappiClient(profile: WappiProfile(baseURL: settings.baseURL, token: token, profileID: settings.profileID),
                                 http: http, logger: logger, onHealthChange: { [weak self] health in
                                     self?.healthChanged(connectionID: connectionID, health: health)
                                 })
        var poller: WappiPoller?
        if supervised.isRunning, settings.inbound == .polling {
            poller = WappiPoller(tenantID: connection.tenantID, connectionID: connection.id, client: client, gateway: gateway, database: database,
                                 interval: .seconds(max(1, settings.pollingIntervalSeconds)), clock: wallClock, intervalClock: intervalClock,
                                 humanPause: .seconds(max(1, settings.humanPauseMinutes) * 60), logger: logger)
        }
        let pollTask = poller.map { poller in Task<Void, Never> { _ = try? await poller.run() } }
        let old = lines.withLock { lines -> Line? in
            let old = lines[connection.id]
            // The send limit counts on across a change, unless the limit itself changed.
            let throttle = old.flatMap { $0.settings.sendsPerMinute == settings.sendsPerMinute ? $0.throttle : nil }
                ?? SendThrottle(limit: settings.sendsPerMinute, clock: intervalClock)
            lines[connection.id] = Line(supervised: supervised, settings: settings, client: client, throttle: throttle, poller: poller,
                                        pollTask: pollTask, reportedError: connection.state == .failing ? connection.lastError : nil)
            return old
        }
        old?.pollTask?.cancel()
    }

    public func remove(connectionID: String) async {
        let old = lines.withLock { $0.removeValue(forKey: connectionID) }
        old?.pollTask?.cancel()
    }

    public func removeAll() async {
        let old = lines.withLock { lines in
            defer { lines.removeAll() }
            return Array(lines.values)
        }
        for line in old { line.pollTask?.cancel() }
    }

    public func statuses() -> [ChannelConnectionStatus] {
        lines.withLock { lines in
            lines.values.map { line in
                let connection = line.connection
                return ChannelConnectionStatus(id: connection.id, tenantID: connection.tenantID, provider: .wappi, name: connection.name,
                                               state: ChannelConnectionStatus.state(of: line.supervised, reportedError: line.reportedError),
                                               lastError: line.reportedError, lastPollAt: line.poller?.lastPollAt)
            }
        }
    }

    /// The connection a webhook address names by its public id.
    public func endpoint(publicID: String) -> Endpoint? {
        lines.withLock { lines in lines.values.first { $0.connection.publicID == publicID }.map(Self.makeEndpoint) }
    }

    /// The connection a reply leaves from: the one it names when that one belongs to the business, else the
    /// business's first running connection (by age), else its first; `nil` when the business has none.
    public func endpoint(tenantID: String, connectionID: String?) -> Endpoint? {
        lines.withLock { lines in
            if let connectionID, let line = lines[connectionID], line.connection.tenantID == tenantID { return Self.makeEndpoint(line) }
            let own = lines.values.filter { $0.connection.tenantID == tenantID }
                .sorted { ($0.connection.createdAt, $0.connection.id) < ($1.connection.createdAt, $1.connection.id) }
            return (own.first { $0.supervised.isRunning } ?? own.first).map(Self.makeEndpoint)
        }
    }

    /// Whether a business has a connection of the Wappi profile `profileID` (then it, not the number of old
    /// configured by `WAPPI_*`, receives and sends).
    public func hasConnection(tenantID: String, profileID: String? = nil) -> Bool {
        lines.withLock { lines in
            lines.values.contains { $0.connection.tenantID == tenantID && (profileID == nil || $0.settings.profileID == profileID) }
        }
    }

    public func didReconcile() { ready.withLock { $0 = true } }

    /// Whether every connection of the installation has been applied once (until then a number of old waits: its
    /// connection may be about to take over).
    public var isReady: Bool { ready.withLock { $0 } }

    /// The ids of the connections running now.
    public var connectionIDs: [String] { lines.withLock { Array($0.keys).sorted() } }

    private static func makeEndpoint(_ line: Line) -> Endpoint {
        Endpoint(connectionID: line.connection.id, tenantID: line.connection.tenantID, profileID: line.settings.profileID,
                 webhookSecret: line.supervised.secrets[WappiConnectionSettings.webhookSecretName], stopReason: line.supervised.stopReason,
                 client: line.client, throttle: line.throttle, humanPause: .seconds(max(1, line.settings.humanPauseMinutes) * 60))
    }

    /// Reports a change of a connection's client's health to its row, once per change.
    private func healthChanged(connectionID: String, health: WappiClient.Health) {
        let error = health.usable ? nil : (health.problem ?? "refused by Wappi")
        let report = lines.withLock { lines -> ChannelConnection? in
            guard var line = lines[connectionID], line.reportedError != error else { return nil }
            line.reportedError = error
            lines[connectionID] = line
            return line.connection
        }
        guard let connection = report else { return }
        reports.write(connection) { [weak self] in self?.lines.withLock { $0[connectionID].map(\.reportedError) } }
    }
}
