import Foundation
import Logging
import SaudaBus
import SaudaCore
import SaudaStore

/// The last step of a turn: one transaction stores the customer messages (the last with its reading), the tool calls,
/// the classification, the operator alerts (with the owner's messages), the bot's reply with its outbox row, the
/// contact's progress, the connection its customer wrote to and its follow-up chain, marks the messages processed and
/// acknowledges the deliveries; then the deliveries are settled.
struct TurnCommit: Sendable {
    let database: any Database
    let bus: any MessageBus
    /// The outbox relay's signal, woken when a reply's row is committed.
    let outboxSignal: WakeSignal?
    /// Where a reply that falls back from the customer's number to the business's first one is noted.
    let logger: Logger

    /// Commits the turn.
    /// - Throws: ``TurnProcessor/TurnConflict`` when another turn handled some of the messages first.
    func commit(_ writes: TurnWrites) async throws -> TurnProcessor.Outcome {
        let (wake, logger) = (outboxSignal, logger)
        return try await finish(writes.deliveries, key: writes.key, payloads: writes.payloads, now: writes.now) { sql in
            try await Self.write(writes, wake: wake, logger: logger, in: sql)
        }
    }

    /// Acknowledges deliveries whose messages a turn has handled before (a redelivery), marking them processed.
    func acknowledgeHandled(_ deliveries: [Delivery], key: ConversationKey, payloads: [IncomingMessagePayload], now: Date) async throws {
        try await finish(deliveries, key: key, payloads: payloads, now: now) { _ in }
    }

    private static func write(_ writes: TurnWrites, wake: WakeSignal?, logger: Logger,
                              in sql: any SQLConnection) async throws -> TurnProcessor.Outcome {
        let (key, now) = (writes.key, writes.now)
        let contact = try await contactRow(writes, in: sql)
        // The gateway remembers it as each message is recorded; the turn writes it only for a contact it made or one that
        // remembers another number, not once more on every turn.
        if let connectionID = writes.connectionID, contact.connectionID != connectionID {
            try await ContactRepository(sql).rememberConnection(contactID: contact.id, connectionID: connectionID)
        }
        let stored = try await MessageRepository(sql).storeCustomerMessages(writes.newMessages, contact: contact)
        if !writes.toolCalls.isEmpty {
            try await ModelUsageRepository(sql).addToolCalls(tenantID: key.tenantID, contactID: contact.id, writes.toolCalls, now: now)
        }
        let freshIDs = stored.map(\.id)
        if let reading = writes.intent, let messageID = writes.lastMessageID {
            try await MessageRepository(sql).recordIntent(reading, contactID: contact.id, messageID: messageID)
        }
        if let verdict = writes.verdict { try await ContactRepository(sql).saveClassification(contactID: contact.id, verdict, now: now) }
        if let funnel = writes.funnelState { try await ContactRepository(sql).saveFunnel(contactID: contact.id, funnel, now: now) }
        try await storeAlerts(writes, contactID: contact.id, wake: wake, in: sql)
        guard let replyText = writes.replyText, !replyText.isEmpty else {
            try await markHandled(freshIDs, answeredBy: nil, in: sql, now: now)
            try await ContactRepository(sql).saveProgress(contactID: contact.id, spinStage: writes.spinStage, lastMessageAt: writes.lastMessageAt,
                                                          now: now)
            try await followUps(writes, botReplied: false, contactID: contact.id, in: sql)
            return .silent(writes.status)
        }
        let reply = try await MessageRepository(sql).storeBotReply(
            contact: contact, messageID: writes.botMessageID, text: replyText, replyTo: writes.lastMessageID, now: now)
        try await markHandled(freshIDs, answeredBy: reply.id, in: sql, now: now)
        let phone = contact.phoneNumber ?? key.chatID
        let payload: String
        if writes.connectionID == nil, contact.connectionID != nil {
            // No message of the turn named the number it came to: the reply leaves from the one the customer wrote to last.
            payload = try writes.outgoingPayload(phone: phone, connection: try await ContactConnection.resolve(contact, in: sql, logger: logger))
        } else {
            payload = try (phone == writes.expectedPhone ? writes.encodedOutgoing : nil) ?? writes.outgoingPayload(phone: phone)
        }
        try await OutboxRepository(sql).add(tenantID: key.tenantID, queue: QueueName.outgoing.rawValue,
                                            partitionKey: key.description, payload: payload, now: now, wake: wake)
        try await ContactRepository(sql).saveProgress(contactID: contact.id, spinStage: writes.spinStage.next,
                                                      lastMessageAt: writes.lastMessageAt, now: now)
        try await followUps(writes, botReplied: true, contactID: contact.id, in: sql)
        return .replied(messageID: writes.botMessageID)
    }

    /// The contact's row, its profile filled in from the first message when that tells more.
    private static func contactRow(_ writes: TurnWrites, in sql: any SQLConnection) async throws -> Contact {
        let contact = writes.contact
        guard contact.profile.filling(from: writes.profile) != contact.profile else { return contact }
        return try await ContactRepository(sql).findOrCreate(key: writes.key, phoneNumber: writes.phoneNumber, profile: writes.profile,
                                                             initialStatus: writes.initialStatus, now: writes.now)
    }

    /// Stores the turn's alerts; each one stored (not a second open one of its reason) queues its owner's message.
    private static func storeAlerts(_ writes: TurnWrites, contactID: Int64, wake: WakeSignal?, in sql: any SQLConnection) async throws {
        for alert in writes.alerts {
            guard try await AlertRepository(sql).add(alert, key: writes.key, contactID: contactID, now: writes.now) != nil else { continue }
            guard let message = writes.ownerMessages[alert.reason] else { continue }
            try await OutboxRepository(sql).add(tenantID: writes.key.tenantID, queue: QueueName.outgoing.rawValue,
                                                partitionKey: message.partitionKey, payload: message.payload, now: writes.now, wake: wake)
        }
    }

    /// Marks the turn's messages handled, or throws ``TurnProcessor/TurnConflict`` when another turn took one first.
    private static func markHandled(_ ids: [Int64], answeredBy reply: Int64?, in sql: any SQLConnection, now: Date) async throws {
        let taken = try await MessageRepository(sql).markHandled(ids: ids, answeredBy: reply, now: now)
        guard taken.count == ids.count else { throw TurnProcessor.TurnConflict() }
    }

    private static func followUps(_ writes: TurnWrites, botReplied: Bool, contactID: Int64, in sql: any SQLConnection) async throws {
        guard let plan = writes.followUps else { return }
        try await FollowUpChains.afterTurn(plan, intent: writes.lastIntent, botReplied: botReplied, tenantID: writes.key.tenantID,
                                           contactID: contactID, in: sql, now: writes.now)
    }

    private func finish<T: Sendable>(_ deliveries: [Delivery], key: ConversationKey, payloads: [IncomingMessagePayload], now: Date,
                                     _ body: @escaping @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        let bus = self.bus
        let result = try await database.transaction { sql in
            let result = try await body(sql)
            try await MessageLogRepository(sql).setQueueStatus(key: key, messageIDs: payloads.map(\.messageID),
                                                               status: "processed", now: now)
            try await bus.acknowledge(deliveries, in: sql)
            return result
        }
        await bus.settle(deliveries)
        return result
    }
}
