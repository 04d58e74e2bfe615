import Foundation
import Logging
import SaudaChannels
import SaudaCore
import SaudaStore

/// Brings a bot's updates in by long polling (`getUpdates`), from one process of the installation at a time.
///
/// Before each poll it takes (or renews) the connection's lease in `channel_poll_leases`; while another process holds
/// it, it waits. The offset is stored with the lease and moves only after the poll's updates are recorded, so a crash
/// or a full queue makes Telegram deliver them again (and the gateway's dedupe keeps them once). A webhook still set
/// for the bot (Telegram's 409 `can't use getUpdates method while webhook is active`) is deleted, keeping its pending
/// updates; another reader of the bot (409 `terminated by other getUpdates request`) is reported on the connection and
/// waited out. A refused token reports the connection failing and is tried again after a minute.
struct TelegramPoller: Sendable {
    let endpoint: TelegramConnections.Endpoint
    let connections: TelegramConnections
    /// This run's name on the lease: a restarted connection's new poller must not be freed by the old one stopping.
    let holder: String

    init(endpoint: TelegramConnections.Endpoint, connections: TelegramConnections) {
        self.endpoint = endpoint
        self.connections = connections
        holder = "\(connections.holder)-\(UUID().uuidString.prefix(8))"
    }

    func run() async {
        let timing = connections.timing
        defer { release() }
        while !Task.isCancelled {
            let now = connections.wallClock()
            let offset: Int64?
            do {
                offset = try await connections.database.transaction { [endpoint, holder] sql in
                    try await ChannelPollLeaseRepository(sql).acquire(connectionID: endpoint.connectionID, tenantID: endpoint.tenantID,
                                                                      holder: holder, until: now.addingTimeInterval(timing.lease.timeInterval), now: now)
                }
            } catch {
                connections.logger.error("taking a Telegram poll lease failed", metadata: ["connection": "\(endpoint.connectionID)", "error": "\(error)"])
                guard await connections.pause(timing.retryDelay) else { return }
                continue
            }
            guard let offset else {
                // Another process polls this bot.
                guard await connections.pause(timing.retryDelay) else { return }
                continue
            }
            guard let wait = await poll(from: offset) else { continue }
            guard await connections.pause(wait) else { return }
        }
    }

    /// One poll from `offset`: its updates recorded, then the offset moved past them.
    /// - Returns: how long to wait before the next poll; `nil` for at once.
    private func poll(from offset: Int64) async -> Duration? {
        let timing = connections.timing
        let raw: [JSONValue]
        do {
            raw = try await endpoint.client.getUpdates(offset: offset, timeout: timing.pollTimeout)
        } catch {
            // Stopped (the connection changed, the process shuts down): no failure to report.
            if Task.isCancelled { return .zero }
            return await failed(error)
        }
        connections.polled(connectionID: endpoint.connectionID, at: connections.wallClock())
        connections.report(connectionID: endpoint.connectionID, error: nil)
        guard !raw.isEmpty else { return nil }
        var updates: [TelegramUpdate] = []
        var next = offset
        for json in raw {
            if let id = json["update_id"]?.int64Value { next = max(next, id + 1) }
            do { updates.append(try TelegramUpdate.parse(json)) } catch {
                connections.logger.warning("an unreadable Telegram update was skipped", metadata: ["connection": "\(endpoint.connectionID)",
                                                                                                  "error": "\(error)"])
            }
        }
        do {
            let outcome = try await connections.inbound.accept(updates, bot: endpoint.bot, client: endpoint.client, now: connections.wallClock())
            connections.logger.debug("telegram poll", metadata: ["connection": "\(endpoint.connectionID)", "accepted": "\(outcome.accepted)",
                                                               "duplicates": "\(outcome.duplicates)", "ignored": "\(outcome.ignored)"])
        } catch {
            // Not recorded (a full queue, a database failure): the same updates come again on the next poll.
            connections.logger.warning("telegram updates not recorded; polled again", metadata: ["connection": "\(endpoint.connectionID)",
                                                                                                "error": "\(error)"])
            return timing.retryDelay
        }
        do {
            let (connectionID, holder, now, offset) = (endpoint.connectionID, holder, connections.wallClock(), next)
            try await connections.database.transaction { sql in
                try await ChannelPollLeaseRepository(sql).advance(connectionID: connectionID, holder: holder, offset: offset, now: now)
            }
        } catch {
            connections.logger.error("storing the Telegram offset failed; the updates come again and are recognised",
                                     metadata: ["connection": "\(endpoint.connectionID)", "error": "\(error)"])
        }
        return nil
    }

    /// What a failed poll means: the wait before the next, after the connection's report.
    private func failed(_ error: TelegramError) async -> Duration {
        let timing = connections.timing
        switch error.kind {
        case .conflict where error.message.contains("webhook is active"):
            // The connection polls: the webhook left from before goes (its pending updates stay to be polled).
            connections.logger.warning("a webhook was set for a polling Telegram bot; it is deleted", metadata: ["connection": "\(endpoint.connectionID)"])
            do { try await endpoint.client.deleteWebhook() } catch { return timing.retryDelay }
            return .zero
        case .conflict:
            connections.report(connectionID: endpoint.connectionID,
                               error: "another program reads this bot's updates (\(error.message)); stop it or let Sauda alone read them")
            return timing.retryDelay
        case .unauthorized:
            connections.report(connectionID: endpoint.connectionID, error: "Telegram refused the bot's token (\(error.message))")
            return timing.refusedDelay
        case .rateLimited:
            return error.retryAfter ?? timing.retryDelay
        case .blocked, .rejected, .transient, .malformed:
            connections.logger.warning("a Telegram poll failed", metadata: ["connection": "\(endpoint.connectionID)", "error": "\(error)"])
            return timing.retryDelay
        }
    }

    /// Gives the lease up, so that another process takes the bot over at once (a few tries: a busy database must not
    /// leave the bot unread until the lease runs out).
    private func release() {
        let (database, connectionID, holder, now, logger) = (connections.database, endpoint.connectionID, holder,
                                                             connections.wallClock(), connections.logger)
        Task {
            for attempt in 1...5 {
                do {
                    try await database.transaction { sql in
                        try await ChannelPollLeaseRepository(sql).release(connectionID: connectionID, holder: holder, now: now)
                    }
                    return
                } catch {
                    if attempt == 5 {
                        logger.warning("a Telegram poll lease was not given up; it runs out by itself",
                                       metadata: ["connection": "\(connectionID)", "error": "\(error)"])
                    }
                    try? await Task.sleep(for: .milliseconds(200 * attempt))
                }
            }
        }
    }
}
