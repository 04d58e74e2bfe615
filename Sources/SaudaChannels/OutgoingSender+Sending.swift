import Foundation
import Logging
import Metrics
import SaudaBus
import SaudaCore
import SaudaStore

/// Sending one lane batch through the channels: each reply in turn, a chat held back after its reply failed or was
/// postponed, and a failure retried, postponed or dead-lettered.
extension OutgoingSender {
    /// Sends the deliveries of one lane one after another.
    /// - Parameter heldBack: chats whose reply failed or was postponed, with that reply's id: their later replies
    ///   are given back (the queue delivers them again only after the earlier one); updated with this batch's
    ///   failures and successes.
    func send(_ deliveries: [Delivery], batchNumber: Int, heldBack: inout [String: Hold]) async -> [Attempt] {
        var attempts: [Attempt] = []
        let payloads = deliveries.map { delivery -> OutgoingMessagePayload? in
            // A reply from an agent of the earlier Python system has only its four fields: Sauda's are filled in.
            (try? PayloadCoding.decode(OutgoingMessagePayload.self, from: delivery.message.payload))?.completed
        }
        let statuses = await sentStatuses(of: payloads.compactMap { $0 })
        for (delivery, decoded) in zip(deliveries, payloads) {
            let chat = delivery.message.partitionKey
            if let hold = heldBack[chat], delivery.message.id > hold.failedID {
                await giveBack(delivery)
                attempts.append(.settled)
                continue
            }
            guard let payload = decoded, let tenant = payload.tenant, let outgoingID = payload.outgoingID else {
                attempts.append(.malformed(delivery))
                continue
            }
            let key = payload.conversation
            let channel = key.channel
            let previous: String?
            switch statuses {
            case .success(let known):
                previous = known[Self.statusKey(tenant: tenant, channel: channel, outgoingID: outgoingID)]
            case .failure(let error):
                // Not knowing whether it went out already, it must not go out now.
                logger.error("send status unreadable, the reply waits", metadata: ["error": "\(error)"])
                heldBack[chat] = Hold(failedID: delivery.message.id, batch: batchNumber)
                await giveBack(delivery)
                noteFailure(delivery)
                attempts.append(.settled)
                continue
            }
            if DeliveryStatus.hasReachedChannel(previous) {
                if heldBack[chat]?.failedID == delivery.message.id { heldBack[chat] = nil }
                attempts.append(.alreadySent(delivery))
                continue
            }
            guard let adapter = channels[channel] else {
                await fail(delivery, payload: payload, key: key, error: DeliveryError("no delivery for channel \(channel.rawValue)", retryable: false))
                attempts.append(.settled)
                continue
            }
            let started = ContinuousClock.now
            do {
                let receipt = try await adapter.deliver(payload)
                sendLatency[channel]?.recordNanoseconds((ContinuousClock.now - started).totalNanoseconds)
                attempts.append(.sent(Sent(delivery: delivery, payload: payload, key: key, status: receipt.status,
                                           providerMessageID: receipt.providerMessageID)))
                // The reply that held its chat back went out: the chat's later replies may follow.
                if heldBack[chat]?.failedID == delivery.message.id { heldBack[chat] = nil }
            } catch {
                heldBack[chat] = Hold(failedID: delivery.message.id, batch: batchNumber)
                attempts.append(.settled)
                if let wait = error.postponeFor {
                    Counter(label: "sauda_send_postponed_total", dimensions: [("channel", channel.rawValue), ("reason", error.postponeReason)]).increment()
                    if error.postponeReason == "outage" {
                        logger.warning("channel down, the reply waits", metadata: ["chat": "\(key.chatID)", "retry_in": "\(wait)",
                                                                                   "error": "\(error.message)"])
                    }
                    forget(delivery)
                    do { try await bus.postpone(delivery, consumer: consumerID, by: wait) } catch {
                        logger.error("postponing a reply failed; its lease runs out instead", metadata: ["error": "\(error)"])
                    }
                    noteFailure(delivery)
                    continue
                }
                await fail(delivery, payload: payload, key: key, error: error)
                noteFailure(delivery)
            }
        }
        return attempts
    }

    func fail(_ delivery: Delivery, payload: OutgoingMessagePayload, key: ConversationKey, error: DeliveryError) async {
        Counter(label: "sauda_send_failures_total", dimensions: [("channel", key.channel.rawValue)]).increment()
        Counter(label: FailureMetric.label, dimensions: FailureMetric.dimensions(component: "send", cause: error.retryable ? "transient" : "rejected"))
            .increment()
        var dead = !error.retryable
        if error.retryable {
            forget(delivery)
            dead = (try? await bus.retry(delivery, error: error.message)) ?? false
        }
        guard dead else { return }
        do {
            try await database.transaction { sql in
                let now = self.clock()
                if let id = payload.outgoingID {
                    try await MessageLogRepository(sql).recordOutgoing(key: key, messageID: id, phoneNumber: payload.phoneNumber,
                                                                       text: payload.messageText, providerStatus: "failed",
                                                                       error: error.message, now: now)
                    try await MessageRepository(sql).setDeliveryStatus(contactKey: key, messageID: id, status: "failed")
                }
                if !error.retryable {
                    try await self.bus.deadLetter([delivery], reason: "rejected", error: error.message, in: sql, now: now)
                }
                if error.recipientUnreachable {
                    try await ContactRepository(sql).markUnreachable(key: key, reason: error.message, now: now)
                }
            }
            if !error.retryable { await bus.settle([delivery]) }
        } catch {
            logger.error("recording a failed send failed", metadata: ["error": "\(error)"])
        }
        logger.error("reply could not be sent", metadata: ["tenant": "\(key.tenantID)", "chat": "\(key.chatID)",
                                                           "message_id": "\(payload.outgoingID ?? "")", "error": "\(error.message)"])
    }
}
