import Foundation
import Logging
import Metrics
import SaudaBus
import SaudaCore
import SaudaStore
import ServiceLifecycle

/// Consumes `outgoing_messages` and sends each reply through its channel, records the status in the
/// message log and on the message, retries with backoff and dead-letters what keeps failing.
///
/// A reply already recorded as sent is acknowledged without sending again, so a redelivery after a
/// crash does not repeat it.
public final class OutgoingSender: Service {
    let database: any Database
    let bus: any MessageBus
    let channels: [Channel: any ChannelDelivery]
    let consumerID: String
    let logger: Logger

    /// Creates a sender.
    public init(database: any Database, bus: any MessageBus, channels: [any ChannelDelivery], logger: Logger) {
        self.database = database
        self.bus = bus
        self.channels = Dictionary(channels.map { ($0.channel, $0) }, uniquingKeysWith: { first, _ in first })
        self.consumerID = "sender-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        self.logger = logger
    }

    private struct Sent {
        let delivery: Delivery
        let payload: OutgoingMessagePayload
        let key: ConversationKey
        let status: String
        let providerMessageID: String?
    }

    /// Sends one batch.
    /// - Returns: deliveries handled.
    @discardableResult
    public func sendOnce() async throws -> Int {
        let deliveries = try await bus.receive(from: .outgoing, limit: 64, consumer: consumerID)
        guard !deliveries.isEmpty else { return 0 }
        var sent: [Sent] = []
        var alreadySent: [Delivery] = []
        var malformed: [Delivery] = []
        // A chat whose reply failed or was postponed in this batch gets no later reply from the batch: those
        // are given back and come again only after the earlier one (the queue keeps a chat's order).
        var heldBack: Set<String> = []
        for delivery in deliveries {
            if heldBack.contains(delivery.message.partitionKey) {
                await giveBack(delivery)
                continue
            }
            guard let payload = try? PayloadCoding.decode(OutgoingMessagePayload.self, from: delivery.message.payload),
                  let tenant = payload.tenant, let outgoingID = payload.outgoingID else {
                malformed.append(delivery)
                continue
            }
            let channel = payload.channel ?? .whatsapp
            let key = ConversationKey(tenantID: tenant, channel: channel, chatID: payload.chatID ?? payload.phoneNumber)
            let previous: String?
            do {
                previous = try await database.read { sql in
                    try await MessageLogRepository(sql).outgoingStatus(key: key, messageID: outgoingID)
                }
            } catch {
                // Not knowing whether it went out already, it must not go out now.
                logger.error("send status unreadable, the reply waits", metadata: ["error": "\(error)"])
                heldBack.insert(delivery.message.partitionKey)
                await giveBack(delivery)
                continue
            }
            if let previous, ["sent", "delivered", "read"].contains(previous) {
                alreadySent.append(delivery)
                continue
            }
            guard let adapter = channels[channel] else {
                await fail(delivery, payload: payload, key: key, error: DeliveryError("no delivery for channel \(channel.rawValue)", retryable: false))
                continue
            }
            let started = ContinuousClock.now
            do {
                let receipt = try await adapter.deliver(payload)
                Timer(label: "sauda_send_latency_seconds", dimensions: [("channel", channel.rawValue)])
                    .recordNanoseconds((ContinuousClock.now - started).totalNanoseconds)
                sent.append(Sent(delivery: delivery, payload: payload, key: key, status: receipt.status,
                                 providerMessageID: receipt.providerMessageID))
            } catch {
                heldBack.insert(delivery.message.partitionKey)
                if let wait = error.postponeFor {
                    Counter(label: "sauda_send_postponed_total", dimensions: [("channel", channel.rawValue), ("reason", error.postponeReason)]).increment()
                    if error.postponeReason == "outage" {
                        logger.warning("channel down, the reply waits", metadata: ["chat": "\(key.chatID)", "retry_in": "\(wait)",
                                                                                   "error": "\(error.message)"])
                    }
                    do { try await bus.postpone(delivery, consumer: consumerID, by: wait) } catch {
                        logger.error("postponing a reply failed; its lease runs out instead", metadata: ["error": "\(error)"])
                    }
                    continue
                }
                await fail(delivery, payload: payload, key: key, error: error)
            }
        }
        let records = sent
        let acknowledged = alreadySent
        let bad = malformed
        let bus = self.bus
        // The replies in `records` went out: recording them must not be given up lightly, or they would be sent
        // again when their leases run out.
        try await Self.persistently { try await self.database.transaction { sql in
            let now = Date()
            for record in records {
                guard let id = record.payload.outgoingID else { continue }
                try await MessageLogRepository(sql).recordOutgoing(key: record.key, messageID: id, phoneNumber: record.payload.phoneNumber,
                                                                   text: record.payload.messageText, providerStatus: record.status,
                                                                   error: nil, providerMessageID: record.providerMessageID, now: now)
                try await MessageRepository(sql).setDeliveryStatus(contactKey: record.key, messageID: id, status: record.status)
            }
            try await bus.acknowledge(records.map(\.delivery) + acknowledged, in: sql)
            if !bad.isEmpty {
                try await QueueTable(sql).deadLetter(bad.map(\.message.id), reason: "malformed",
                                                     error: "payload is not an outgoing message", now: now)
            }
        } }
        for record in records {
            channels[record.key.channel]?.didRecord(record.payload, status: record.status)
            Counter(label: "sauda_messages_out_total", dimensions: [("channel", record.key.channel.rawValue)]).increment()
        }
        if !bad.isEmpty { logger.error("malformed outgoing payload dead-lettered", metadata: ["count": "\(bad.count)"]) }
        return deliveries.count
    }

    /// Gives a delivery back to the queue without counting the attempt; a failure only lets its lease run out.
    private func giveBack(_ delivery: Delivery) async {
        do { try await bus.release([delivery], consumer: consumerID) } catch {
            logger.error("giving a reply back failed; its lease runs out instead", metadata: ["error": "\(error)"])
        }
    }

    /// Runs `body` up to three times, 200 ms apart.
    static func persistently(_ body: () async throws -> Void) async throws {
        var attempt = 1
        while true {
            do { return try await body() } catch {
                guard attempt < 3 else { throw error }
                attempt += 1
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    private func fail(_ delivery: Delivery, payload: OutgoingMessagePayload, key: ConversationKey, error: DeliveryError) async {
        Counter(label: "sauda_send_failures_total", dimensions: [("channel", key.channel.rawValue)]).increment()
        var dead = !error.retryable
        if error.retryable {
            dead = (try? await bus.retry(delivery, error: error.message)) ?? false
        }
        guard dead else { return }
        do {
            try await database.transaction { sql in
                let now = Date()
                if let id = payload.outgoingID {
                    try await MessageLogRepository(sql).recordOutgoing(key: key, messageID: id, phoneNumber: payload.phoneNumber,
                                                                       text: payload.messageText, providerStatus: "failed",
                                                                       error: error.message, now: now)
                    try await MessageRepository(sql).setDeliveryStatus(contactKey: key, messageID: id, status: "failed")
                }
                if !error.retryable {
                    try await QueueTable(sql).deadLetter([delivery.message.id], reason: "rejected", error: error.message, now: now)
                }
            }
        } catch {
            logger.error("recording a failed send failed", metadata: ["error": "\(error)"])
        }
        logger.error("reply could not be sent", metadata: ["tenant": "\(key.tenantID)", "chat": "\(key.chatID)",
                                                           "message_id": "\(payload.outgoingID ?? "")", "error": "\(error.message)"])
    }

    /// Sends until shutdown.
    public func run() async throws {
        while !Task.isCancelledOrShuttingDown {
            do {
                if try await sendOnce() == 0 { await bus.waitForWork(.outgoing, timeout: .milliseconds(500)) }
            } catch {
                logger.error("sender failed, retrying", metadata: ["error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
    }
}
