import Foundation
import Logging
import SaudaBus
import SaudaChannels
import SaudaCore
import SaudaStore
import ServiceLifecycle
import Synchronization

/// Inbound WhatsApp by polling (`WAPPI_INBOUND=polling`, every `POLLING_INTERVAL`).
///
/// The earlier Python gateway read only each chat's last message and so lost the messages written between two polls.
/// This poller asks `chats/get` which chats changed since their stored cursor, then reads every message of
/// such a chat from its cursor on (`messages/get` with `date`, oldest first, page by page) and hands them to
/// the ``WappiInbound``; the cursor moves forward only after the messages are committed, and the
/// gateway's dedupe by provider id makes the second-granular overlap harmless. On the very first poll of a
/// profile the history already there is only marked as read past, never answered.
public final class WappiPoller: Service {
    let tenantID: String
    /// The channel connection polled: its cursors and its customers' messages carry its id. `nil` for the number of
    /// old configured by `WAPPI_*` alone.
    let connectionID: String?
    /// The connection's own pause after the owner wrote from the phone; `nil`: `WAPPI_HUMAN_PAUSE_MINUTES`'.
    let humanPause: Duration?
    /// Whether ``run()`` leaves out a poll: the number of old is polled by its connection once the connection made from
    /// it runs.
    let isSuperseded: @Sendable () -> Bool
    let client: WappiClient
    let gateway: WappiInbound
    let database: any Database
    let interval: Duration
    /// The current moment of each poll.
    let clock: @Sendable () -> Date
    /// Measures the interval between polls.
    let intervalClock: AnyClock
    let logger: Logger
    /// When ``run()`` last finished a poll.
    private let lastPoll = Mutex<Date?>(nil)
    static let pageSize = 100
    /// Pages read from one chat in one poll (the rest waits for the next poll).
    static let maximumPages = 20

    /// Creates a poller.
    /// - Parameters:
    ///   - clock: the current moment of each poll.
    ///   - intervalClock: the clock `run` waits `interval` on between polls (tests move both by hand).
    ///   - connectionID: the channel connection polled (`nil`: the number of old of `WAPPI_*`).
    ///   - isSuperseded: asked before each poll of ``run()``; `true` leaves the poll out.
    ///   - humanPause: the connection's own pause after the owner wrote from the phone.
    public init(tenantID: String, connectionID: String? = nil, client: WappiClient, gateway: WappiInbound, database: any Database,
                interval: Duration, clock: @escaping @Sendable () -> Date = { Date() }, intervalClock: some Clock<Duration> = ContinuousClock(),
                isSuperseded: @escaping @Sendable () -> Bool = { false }, humanPause: Duration? = nil, logger: Logger) {
        self.tenantID = tenantID
        self.connectionID = connectionID
        self.humanPause = humanPause
        self.isSuperseded = isSuperseded
        self.client = client
        self.gateway = gateway
        self.database = database
        self.interval = interval
        self.clock = clock
        self.intervalClock = AnyClock(intervalClock)
        self.logger = logger
    }

    /// Messages handed to the gateway in one poll.
    public struct Poll: Sendable, Hashable {
        /// Chats read.
        public var chats = 0
        /// Customer messages queued for the agent.
        public var accepted = 0
        /// Whether this was the profile's first poll (history skipped).
        public var firstPoll = false
    }

    /// When ``run()`` last finished a poll without an error; `nil` before its first.
    public var lastPollAt: Date? { lastPoll.withLock { $0 } }

    /// Polls once.
    @discardableResult
    public func pollOnce(now: Date = Date()) async throws -> Poll {
        let tenantID = self.tenantID
        let connectionID = self.connectionID
        let cursors = try await database.read { sql in
            try await ChannelCursorRepository(sql).cursors(tenantID: tenantID, channel: .whatsapp, connectionID: connectionID)
        }
        var poll = Poll()
        let dialogs = try await client.chats(limit: 100)
        guard let connectedAt = cursors["*"]?.time else {
            // First poll: everything up to now is history.
            poll.firstPoll = true
            try await database.transaction { sql in
                let repository = ChannelCursorRepository(sql)
                // Whole seconds, as Wappi reports times: a message of this very second counts as new.
                let connected = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
                try await repository.advance(tenantID: tenantID, channel: .whatsapp, connectionID: connectionID, chatID: "*", to: connected,
                                             now: now)
                // Wappi's times have whole seconds: the cursor goes one second past each chat's last message.
                for dialog in dialogs {
                    try await repository.advance(tenantID: tenantID, channel: .whatsapp, connectionID: connectionID, chatID: dialog.id,
                                                 to: (dialog.lastTime ?? now).addingTimeInterval(1), messageID: dialog.lastMessageID, now: now)
                }
            }
            logger.notice("first poll of the WhatsApp number: existing history is not answered",
                          metadata: ["tenant": "\(tenantID)", "chats": "\(dialogs.count)"])
            return poll
        }
        for dialog in dialogs where !dialog.id.hasSuffix("@g.us") {
            let stored = cursors[dialog.id]
            let cursor = stored?.time ?? connectedAt
            guard let last = dialog.lastTime, last >= cursor else { continue }
            // Nothing new since the last poll: the chat's last message is the one read last time.
            if let lastID = dialog.lastMessageID, lastID == stored?.messageID { continue }
            poll.chats += 1
            var offset = 0
            var newest = cursor
            var newestID = stored?.messageID
            var pages = 0
            while pages < Self.maximumPages {
                pages += 1
                let page = try await client.messages(chatID: dialog.id, limit: Self.pageSize, offset: offset, since: cursor, ascending: true)
                let fresh = page.filter { $0.sentAt >= cursor }
                if !fresh.isEmpty {
                    let outcome = try await gateway.accept(tenantID: tenantID, events: fresh, connectionID: connectionID, humanPause: humanPause,
                                                           now: now)
                    poll.accepted += outcome.accepted
                    // Oldest first: of messages with the same second, the last one read is the newest.
                    for message in fresh where message.sentAt >= newest {
                        newest = message.sentAt
                        newestID = message.id
                    }
                }
                guard page.count == Self.pageSize else { break }
                offset += page.count
            }
            let chatID = dialog.id
            let (reached, reachedID) = (newest, newestID)
            try await database.transaction { sql in
                try await ChannelCursorRepository(sql).advance(tenantID: tenantID, channel: .whatsapp, connectionID: connectionID,
                                                               chatID: chatID, to: reached, messageID: reachedID, now: now)
            }
        }
        return poll
    }

    public func run() async throws {
        while !Task.isCancelledOrShuttingDown {
            do {
                if !isSuperseded() {
                    try await pollOnce(now: clock())
                    lastPoll.withLock { $0 = clock() }
                }
            } catch {
                logger.error("polling WhatsApp failed", metadata: ["tenant": "\(tenantID)", "connection": "\(connectionID ?? "-")",
                                                                   "error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await self.intervalClock.sleep(for: self.interval) }
        }
    }
}
