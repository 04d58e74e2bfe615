import AsyncHTTPClient
import Foundation
import Logging
import SaudaChannels
import SaudaCore
import SaudaStore
import Synchronization

/// The businesses' Telegram bots as they run now: each connection's client (with its token), its webhook secret, and
/// what brings its updates in: a ``TelegramPoller`` holding the connection's poll lease, or a ``TelegramWebhookKeeper``
/// that registers the webhook address and watches Telegram's report of its deliveries. The ``ChannelSupervisor`` keeps
/// it in step with `channel_connections`; the webhook, ``TelegramDelivery``, the transcriber and `/health` read it.
///
/// A connection whose settings ask for the webhook polls instead while the installation has no `PUBLIC_URL` (Telegram
/// needs an address to post to), and says so in its status. A token Telegram refuses reports the connection `failing`
/// with the error (``ChannelConnectionRepository/report(tenantID:id:error:now:)``); the next call that works reports it
/// active again.
public final class TelegramConnections: ChannelConnectionRunner, MediaSourceDirectory {
    public let provider = ChannelProvider.telegram
    public let secretNames = [TelegramConnectionSettings.tokenSecret, TelegramConnectionSettings.webhookSecretName]
    let database: any Database
    let inbound: TelegramInbound
    let http: HTTPClient
    /// The server's public address, for webhook addresses; `nil`: every bot polls.
    private let publicAddress: Mutex<String?>
    let timing: Timing
    let intervalClock: AnyClock
    let wallClock: @Sendable () -> Date
    /// This process's name on the poll leases.
    let holder: String
    let logger: Logger
    private let lines = Mutex<[String: Line]>([:])
    /// Whether the supervisor has applied every connection once.
    private let ready = Mutex(false)
    /// Writes the connections' reports to their rows.
    private let reports: ConnectionReports

    /// How long things take: the long poll, the lease, the waits after a failure, the webhook check.
    public struct Timing: Sendable {
        /// How long one `getUpdates` waits for an update (Telegram allows 50 s).
        public var pollTimeout: Duration = .seconds(25)
        /// How long a poll lease lasts without being renewed (longer than a poll).
        public var lease: Duration = .seconds(60)
        /// The wait after a failed call, or while another process holds the lease.
        public var retryDelay: Duration = .seconds(5)
        /// The wait after Telegram refused the token, before trying again.
        public var refusedDelay: Duration = .seconds(60)
        /// Between two reads of `getWebhookInfo`.
        public var webhookCheck: Duration = .seconds(60)

        /// The defaults.
        public init() {}
    }

    /// One running connection.
    struct Line: Sendable {
        var supervised: SupervisedConnection
        var settings: TelegramConnectionSettings
        var client: TelegramClient
        var task: Task<Void, Never>?
        /// How updates come in now (polling when the webhook has no public address).
        var receives: TelegramConnectionSettings.Inbound
        /// The error last reported for it (`nil`: none, or it works again).
        var reportedError: String?
        /// What Telegram last said of the webhook's deliveries, when it said something.
        var webhookError: String?
        /// When it was last polled.
        var lastPollAt: Date?

        var connection: ChannelConnection { supervised.connection }
    }

    /// What the webhook, the sender and the transcriber need of a connection.
    public struct Endpoint: Sendable {
        /// The connection's id.
        public var connectionID: String
        /// Its business.
        public var tenantID: String
        /// Its bot.
        public var botID: Int64
        /// Its client.
        public var client: TelegramClient
        /// Telegram's `secret_token` for its webhook, when one is stored.
        public var webhookSecret: String?
        /// Why it does nothing now (`connection paused`, `business suspended`); `nil` when it runs.
        public var stopReason: String?
        /// How long the bot stays silent after the owner wrote in a chat.
        public var humanPause: Duration

        /// What the inbound side calls the bot.
        public var bot: TelegramInbound.Bot {
            TelegramInbound.Bot(tenantID: tenantID, connectionID: connectionID, botID: botID, humanPause: humanPause)
        }
    }

    /// Creates the registry, empty until the supervisor applies the connections.
    /// - Parameters:
    ///   - publicURL: the server's public address (`PUBLIC_URL`); without it every bot polls.
    ///   - intervalClock: the clock of the pollers' and keepers' waits.
    ///   - wallClock: the current moment of leases and reports.
    public init(database: any Database, inbound: TelegramInbound, http: HTTPClient = TelegramHTTP.client, publicURL: String?, timing: Timing = Timing(),
                intervalClock: some Clock<Duration> = ContinuousClock(), wallClock: @escaping @Sendable () -> Date = { Date() },
                logger: Logger) {
        self.database = database
        self.inbound = inbound
        self.http = http
        self.publicAddress = Mutex(publicURL)
        self.timing = timing
        self.intervalClock = AnyClock(intervalClock)
        self.wallClock = wallClock
        self.holder = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        self.logger = logger
        reports = ConnectionReports(database: database, wallClock: wallClock, logger: logger)
    }

    /// The server's public address webhooks are registered under (`PUBLIC_URL`); `nil`: every bot polls.
    public var publicURL: String? { publicAddress.withLock { $0 } }

    /// Sets the server's public address for the connections applied from now on (a test learns its port once the server
    /// runs; `serve` knows it from `PUBLIC_URL`).
    public func usePublicURL(_ url: String?) {
        publicAddress.withLock { $0 = url.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } }
    }

    public func apply(_ supervised: SupervisedConnection) async {
        let connection = supervised.connection
        let settings: TelegramConnectionSettings
        do {
            settings = try TelegramConnectionSettings.decode(connection.settings)
        } catch {
            logger.error("a Telegram connection's settings cannot be read; it is not started",
                         metadata: ["connection": "\(connection.id)", "error": "\(error)"])
            await remove(connectionID: connection.id)
            return
        }
        let token = supervised.secrets[TelegramConnectionSettings.tokenSecret] ?? ""
        let client = TelegramClient(baseURL: settings.baseURL, token: token, http: http)
        let publicURL = self.publicURL
        let receives: TelegramConnectionSettings.Inbound = settings.inbound == .webhook && publicURL != nil ? .webhook : .polling
        inbound.accounts.forget(connectionID: connection.id)
        var line = Line(supervised: supervised, settings: settings, client: client, receives: receives,
                        reportedError: connection.state == .failing ? connection.lastError : nil)
        if supervised.isRunning, !token.isEmpty {
            line.task = startTask(for: line)
        }
        let old = lines.withLock { lines -> Line? in
            let old = lines[connection.id]
            lines[connection.id] = line
            return old
        }
        old?.task?.cancel()
    }

    private func startTask(for line: Line) -> Task<Void, Never> {
        let endpoint = Self.makeEndpoint(line)
        switch line.receives {
        case .polling:
            let poller = TelegramPoller(endpoint: endpoint, connections: self)
            return Task { await poller.run() }
        case .webhook:
            let url = TelegramConnectionSettings.webhookURL(publicURL: publicURL ?? "", publicID: line.connection.publicID)
            let keeper = TelegramWebhookKeeper(endpoint: endpoint, url: url, connections: self)
            return Task { await keeper.run() }
        }
    }

    public func remove(connectionID: String) async {
        let old = lines.withLock { $0.removeValue(forKey: connectionID) }
        old?.task?.cancel()
        inbound.accounts.forget(connectionID: connectionID)
    }

    public func removeAll() async {
        let old = lines.withLock { lines in
            defer { lines.removeAll() }
            return Array(lines.values)
        }
        for line in old { line.task?.cancel() }
    }

    public func statuses() -> [ChannelConnectionStatus] {
        lines.withLock { lines in
            lines.values.map { line in
                let connection = line.connection
                let state = ChannelConnectionStatus.state(of: line.supervised, reportedError: line.reportedError)
                var error = line.reportedError ?? line.webhookError
                if line.settings.inbound == .webhook, line.receives == .polling, error == nil {
                    error = "polling: the webhook needs PUBLIC_URL"
                }
                return ChannelConnectionStatus(id: connection.id, tenantID: connection.tenantID, provider: .telegram, name: connection.name,
                                               state: state, lastError: error, lastPollAt: line.lastPollAt)
            }
        }
    }

    /// The connection a webhook address names by its public id.
    public func endpoint(publicID: String) -> Endpoint? {
        lines.withLock { lines in lines.values.first { $0.connection.publicID == publicID }.map(Self.makeEndpoint) }
    }

    /// The business's connection of the bot `botID`; `nil` when the business has none.
    public func endpoint(tenantID: String, botID: Int64) -> Endpoint? {
        lines.withLock { lines in
            lines.values.filter { $0.connection.tenantID == tenantID && $0.settings.botID == botID }
                .min { ($0.connection.createdAt, $0.connection.id) < ($1.connection.createdAt, $1.connection.id) }
                .map(Self.makeEndpoint)
        }
    }

    /// The business's connection `connectionID`, when it is one of its Telegram bots.
    public func endpoint(tenantID: String, connectionID: String) -> Endpoint? {
        lines.withLock { lines in lines[connectionID].flatMap { $0.connection.tenantID == tenantID ? Self.makeEndpoint($0) : nil } }
    }

    public func didReconcile() { ready.withLock { $0 = true } }

    /// Whether every connection of the installation has been applied once (until then a reply of a bot not known yet
    /// waits: its connection may be about to start).
    public var isReady: Bool { ready.withLock { $0 } }

    /// The ids of the connections running now.
    public var connectionIDs: [String] { lines.withLock { Array($0.keys).sorted() } }

    public func mediaSource(tenantID: String, channel: Channel, connection: String?) -> (any MediaSource)? {
        guard channel == .telegram, let connection else { return nil }
        return endpoint(tenantID: tenantID, connectionID: connection)?.client
    }

    private static func makeEndpoint(_ line: Line) -> Endpoint {
        Endpoint(connectionID: line.connection.id, tenantID: line.connection.tenantID, botID: line.settings.botID, client: line.client,
                 webhookSecret: line.supervised.secrets[TelegramConnectionSettings.webhookSecretName], stopReason: line.supervised.stopReason,
                 humanPause: .seconds(max(1, line.settings.humanPauseMinutes) * 60))
    }

    // MARK: Reports of the poller, the keeper and the sender

    /// Notes a poll.
    func polled(connectionID: String, at moment: Date) {
        lines.withLock { $0[connectionID]?.lastPollAt = moment }
    }

    /// Notes what Telegram says of the webhook's deliveries (shown in `/health`, not a failure of the
    /// connection: Telegram delivers again).
    func webhookReported(connectionID: String, error: String?) {
        lines.withLock { $0[connectionID]?.webhookError = error }
    }

    /// Reports a change of a connection's health to its row, once per change: `error` `nil` when a call worked
    /// (``ConnectionReports``: in order, with the latest state).
    func report(connectionID: String, error: String?) {
        let report = lines.withLock { lines -> ChannelConnection? in
            guard var line = lines[connectionID], line.reportedError != error else { return nil }
            line.reportedError = error
            lines[connectionID] = line
            return line.connection
        }
        guard let connection = report else { return }
        if let error {
            logger.error("telegram connection failing", metadata: ["connection": "\(connection.id)", "error": "\(error)"])
        }
        reports.write(connection) { [weak self] in self?.lines.withLock { $0[connectionID].map(\.reportedError) } }
    }

    /// Waits `duration` on the interval clock; `false` when cancelled.
    func pause(_ duration: Duration) async -> Bool {
        do {
            try await intervalClock.sleep(for: duration)
            return true
        } catch {
            return false
        }
    }
}

extension TelegramClient: MediaSource {
    /// Telegram downloads by file id only.
    public func media(of messageID: String) async throws(MediaSourceError) -> FetchedMedia {
        throw MediaSourceError("a Telegram voice note is downloaded by its file_id, which message \(messageID) did not carry", retryable: false)
    }

    /// `getFile` and the download of the voice note's `file_id`.
    public func media(of messageID: String, mediaID: String?) async throws(MediaSourceError) -> FetchedMedia {
        guard let mediaID else { return try await media(of: messageID) }
        do {
            return FetchedMedia(data: try await download(fileID: mediaID), link: nil, mimeType: nil)
        } catch {
            throw MediaSourceError(error.description, retryable: error.kind == .transient || error.kind == .rateLimited)
        }
    }
}
