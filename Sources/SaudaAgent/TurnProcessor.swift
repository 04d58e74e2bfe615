import Foundation
import Logging
import Metrics
import SaudaBus
import SaudaCore
import SaudaModels
import SaudaStore

/// Runs one turn of one conversation: stores the customer messages, classifies the contact while it is
/// unknown, lets the sales agent answer clients, and commits the reply, its outbox row and the queue
/// acknowledgement in one transaction.
///
/// A turn is idempotent: customer messages are stored once by provider id, and a reply can take only
/// messages no turn has handled, so a redelivered message is never answered twice.
public struct TurnProcessor: Sendable {
    let database: any Database
    let bus: any MessageBus
    let moderator: Moderator
    let salesAgent: SalesAgent
    let settings: AgentSettings
    let outboxSignal: WakeSignal?
    let logger: Logger

    /// Creates a processor.
    public init(database: any Database, bus: any MessageBus, moderator: Moderator, salesAgent: SalesAgent,
                settings: AgentSettings, outboxSignal: WakeSignal?, logger: Logger) {
        self.database = database
        self.bus = bus
        self.moderator = moderator
        self.salesAgent = salesAgent
        self.settings = settings
        self.outboxSignal = outboxSignal
        self.logger = logger
    }

    /// What a turn did.
    public enum Outcome: Sendable, Equatable {
        /// A reply was stored and queued.
        case replied(messageID: String)
        /// The messages were stored without a reply (unknown or not a client, or the bot is paused).
        case silent(ContactStatus)
        /// Every message had been handled before (a redelivery).
        case duplicate
    }

    struct TurnConflict: Error {}

    /// Processes deliveries of one conversation as one turn.
    public func process(_ deliveries: [Delivery]) async throws -> Outcome {
        var payloads: [IncomingMessagePayload] = []
        var malformed: [Delivery] = []
        for delivery in deliveries {
            if let payload = try? PayloadCoding.decode(IncomingMessagePayload.self, from: delivery.message.payload) {
                payloads.append(payload)
            } else {
                malformed.append(delivery)
            }
        }
        if !malformed.isEmpty {
            try await database.transaction { sql in
                try await QueueTable(sql).deadLetter(malformed.map(\.message.id), reason: "malformed",
                                                     error: "payload is not an incoming message", now: Date())
            }
            logger.error("malformed incoming payload dead-lettered", metadata: ["count": "\(malformed.count)"])
        }
        guard let first = payloads.first else { return .duplicate }
        let key = first.conversation
        var turnLogger = logger
        turnLogger[metadataKey: "tenant"] = "\(key.tenantID)"
        turnLogger[metadataKey: "chat"] = "\(key.chatID)"
        turnLogger[metadataKey: "message_id"] = "\(payloads.map(\.messageID).joined(separator: ","))"
        let now = Date()
        let limit = settings.maxContextMessages
        let valid = deliveries.filter { !malformed.contains($0) }

        // 1. Store what the customer wrote.
        let stored = try await database.transaction { sql in
            let contact = try await ContactRepository(sql).findOrCreate(
                key: key, phoneNumber: first.phoneNumber, profile: first.contactInfo?.profile ?? ContactProfile(name: first.senderName),
                initialStatus: key.channel == .webchat ? .client : .unknown, now: now)
            let messages = try await MessageRepository(sql).storeCustomerMessages(
                payloads.map { NewCustomerMessage(messageID: $0.messageID, text: $0.messageText, isVoice: $0.isVoice, sentAt: $0.sentAt) },
                contact: contact)
            let history = try await MessageRepository(sql).recent(contactID: contact.id, limit: limit)
            let customerCount = try await MessageRepository(sql).customerMessagesCount(contactID: contact.id)
            let tenant = try await TenantRepository(sql).find(id: key.tenantID)
            return (contact, messages, history, customerCount, tenant?.name ?? "")
        }
        let (storedContact, messages, history, customerCount, businessName) = stored
        var contact = storedContact
        let fresh = messages.filter { $0.handledAt == nil }
        guard !fresh.isEmpty else {
            try await finish(valid, key: key, payloads: payloads, now: now) { _ in }
            turnLogger.info("redelivered messages were handled before")
            return .duplicate
        }

        // 2. Decide and write (outside any transaction: a model may take seconds).
        var verdict: Classification?
        if contact.status == .unknown, customerCount >= settings.classifyMinMessages {
            let result = await moderator.classify(profile: contact.profile, history: history.map(\.conversationMessage),
                                                  businessName: businessName, now: now)
            verdict = result
            contact.status = result.status
            Counter(label: "sauda_classifications_total", dimensions: [("status", result.status.rawValue)]).increment()
            turnLogger.info("contact classified", metadata: ["status": "\(result.status.rawValue)",
                                                            "confidence": "\(result.confidence)", "reasoning": "\(result.reasoning)"])
        }
        let paused = contact.botPausedUntil.map { $0 > now } ?? false
        var replyText: String?
        if contact.status == .client, !paused {
            let started = ContinuousClock.now
            let response = try await salesAgent.reply(
                tenantID: key.tenantID, businessName: businessName, profile: contact.profile, spinStage: contact.spinStage,
                history: history.map(\.conversationMessage), newMessages: fresh.map(\.text), now: now)
            Timer(label: "sauda_model_latency_seconds", dimensions: [("purpose", "sales")])
                .recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            replyText = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        // 3. Commit the outcome with the acknowledgement.
        let freshIDs = fresh.map(\.id)
        let lastMessage = fresh.last
        let (turnContact, turnVerdict, turnReply) = (contact, verdict, replyText)
        let outcome: Outcome = try await finish(valid, key: key, payloads: payloads, now: now) { sql in
            let contacts = ContactRepository(sql)
            if let verdict = turnVerdict { try await contacts.saveClassification(contactID: turnContact.id, verdict, now: now) }
            guard let replyText = turnReply, !replyText.isEmpty else {
                let taken = try await MessageRepository(sql).markHandled(ids: freshIDs, answeredBy: nil, now: now)
                guard taken.count == freshIDs.count else { throw TurnConflict() }
                try await contacts.saveProgress(contactID: turnContact.id, spinStage: turnContact.spinStage,
                                                lastMessageAt: lastMessage?.timestamp, now: now)
                return .silent(turnContact.status)
            }
            let botMessageID = "bot-" + UUID().uuidString.lowercased()
            let reply = try await MessageRepository(sql).storeBotReply(
                contact: turnContact, messageID: botMessageID, text: replyText, replyTo: lastMessage?.messageID, now: now)
            let taken = try await MessageRepository(sql).markHandled(ids: freshIDs, answeredBy: reply.id, now: now)
            guard taken.count == freshIDs.count else { throw TurnConflict() }
            let outgoing = OutgoingMessagePayload(
                phoneNumber: turnContact.phoneNumber ?? key.chatID, messageText: replyText, replyToMessageID: lastMessage?.messageID,
                markAsRead: true, tenant: key.tenantID, channel: key.channel, chatID: key.chatID, outgoingID: botMessageID)
            try await OutboxRepository(sql).add(tenantID: key.tenantID, queue: QueueName.outgoing.rawValue,
                                                partitionKey: key.description, payload: try PayloadCoding.encode(outgoing), now: now)
            try await contacts.saveProgress(contactID: turnContact.id, spinStage: turnContact.spinStage.next,
                                            lastMessageAt: lastMessage?.timestamp, now: now)
            return .replied(messageID: botMessageID)
        }
        switch outcome {
        case .replied(let id):
            outboxSignal?.notify()
            Counter(label: "sauda_replies_total", dimensions: [("channel", key.channel.rawValue)]).increment()
            turnLogger.info("reply stored", metadata: ["reply_id": "\(id)", "answers": "\(fresh.count)"])
        case .silent(let status):
            turnLogger.info("no reply", metadata: ["status": "\(status.rawValue)", "paused": "\(paused)"])
        case .duplicate:
            break
        }
        return outcome
    }

    private func finish<T: Sendable>(_ deliveries: [Delivery], key: ConversationKey, payloads: [IncomingMessagePayload], now: Date,
                                     _ body: @escaping @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        let bus = self.bus
        return try await database.transaction { sql in
            let result = try await body(sql)
            try await MessageLogRepository(sql).setQueueStatus(key: key, messageIDs: payloads.map(\.messageID),
                                                               status: "processed", now: now)
            try await bus.acknowledge(deliveries, in: sql)
            return result
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let parts = components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}
