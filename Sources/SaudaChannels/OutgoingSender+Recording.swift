import Foundation
import Logging
import Metrics
import SaudaBus
import SaudaCore
import SaudaStore

/// Recording what a lane batch did: the sends that went out with their status, redeliveries acknowledged, malformed
/// replies dead-lettered, and what was sent before (read once per batch, so a redelivered reply is not sent twice).
extension OutgoingSender {
    /// A reply that went out now, to be recorded.
    struct Sent: Sendable {
        let delivery: Delivery
        let payload: OutgoingMessagePayload
        let key: ConversationKey
        let status: String
        let providerMessageID: String?
    }

    /// What became of one delivery of a batch.
    enum Attempt: Sendable {
        /// Sent now; to be recorded.
        case sent(Sent)
        /// Recorded as sent before (a redelivery); to be acknowledged.
        case alreadySent(Delivery)
        /// Not an outgoing message; to be dead-lettered.
        case malformed(Delivery)
        /// Failed, postponed or given back; already dealt with.
        case settled
    }

    /// Records a lane batch: sent replies with their status, redeliveries acknowledged, malformed ones dead-lettered.
    func record(_ attempts: [Attempt]) async throws {
        var records: [Sent] = []
        var acknowledged: [Delivery] = []
        var bad: [Delivery] = []
        for attempt in attempts {
            switch attempt {
            case .sent(let record): records.append(record)
            case .alreadySent(let delivery): acknowledged.append(delivery)
            case .malformed(let delivery): bad.append(delivery)
            case .settled: break
            }
        }
        guard !records.isEmpty || !acknowledged.isEmpty || !bad.isEmpty else { return }
        let (sent, redelivered, malformed) = (records, acknowledged, bad)
        let bus = self.bus
        // The replies in `records` went out: recording them must not be given up lightly, or they would be sent
        // again when their leases run out.
        try await persistently { try await self.database.transaction { sql in
            let now = self.clock()
            for record in sent {
                guard let id = record.payload.outgoingID else { continue }
                try await MessageLogRepository(sql).recordOutgoing(key: record.key, messageID: id, phoneNumber: record.payload.phoneNumber,
                                                                   text: record.payload.messageText, providerStatus: record.status,
                                                                   error: nil, providerMessageID: record.providerMessageID, now: now)
                try await MessageRepository(sql).setDeliveryStatus(contactKey: record.key, messageID: id, status: record.status)
                // The provider may have reported delivery before this record committed: apply it now.
                let logs = MessageLogRepository(sql)
                if let providerMessageID = record.providerMessageID,
                   let early = try await logs.takeEarlyStatus(tenantID: record.key.tenantID, channel: record.key.channel,
                                                              providerMessageID: providerMessageID) {
                    try await logs.applyDeliveryStatusToMessage(tenantID: record.key.tenantID, channel: record.key.channel,
                                                                providerMessageID: providerMessageID, status: early, now: now)
                }
            }
            try await bus.acknowledge(sent.map(\.delivery) + redelivered, in: sql)
            if !malformed.isEmpty {
                try await bus.deadLetter(malformed, reason: "malformed", error: "payload is not an outgoing message", in: sql, now: now)
            }
        } }
        await bus.settle(sent.map(\.delivery) + redelivered + malformed)
        for record in records {
            channels[record.key.channel]?.didRecord(record.payload, status: record.status)
            messagesOut[record.key.channel]?.increment()
        }
        if !bad.isEmpty { logger.error("malformed outgoing payload dead-lettered", metadata: ["count": "\(bad.count)"]) }
    }

    /// What these replies went out as already, keyed by ``statusKey(tenant:channel:outgoingID:)``: one read, one
    /// query per tenant and channel (a lane has one of each).
    func sentStatuses(of payloads: [OutgoingMessagePayload]) async -> Result<[String: String], any Error> {
        var groups: [ConversationKey: [String]] = [:]
        for payload in payloads {
            guard let tenant = payload.tenant, let outgoingID = payload.outgoingID else { continue }
            groups[ConversationKey(tenantID: tenant, channel: payload.channel ?? .whatsapp, chatID: ""), default: []].append(outgoingID)
        }
        guard !groups.isEmpty else { return .success([:]) }
        let lanes = groups
        do {
            return .success(try await database.read { sql in
                var statuses: [String: String] = [:]
                for (lane, ids) in lanes {
                    let found = try await MessageLogRepository(sql).outgoingStatuses(tenantID: lane.tenantID, channel: lane.channel, messageIDs: ids)
                    for (id, status) in found {
                        statuses[Self.statusKey(tenant: lane.tenantID, channel: lane.channel, outgoingID: id)] = status
                    }
                }
                return statuses
            })
        } catch {
            return .failure(error)
        }
    }

    static func statusKey(tenant: String, channel: Channel, outgoingID: String) -> String {
        "\(tenant)/\(channel.rawValue)/\(outgoingID)"
    }

    /// Runs `body` up to three times, 200 ms apart.
    func persistently(_ body: () async throws -> Void) async throws {
        var attempt = 1
        while true {
            do { return try await body() } catch {
                guard attempt < 3 else { throw error }
                attempt += 1
                try await intervalClock.sleep(for: .milliseconds(200))
            }
        }
    }
}
