import Foundation
import Logging
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
    /// The business names, remembered for a few seconds (every turn names its tenant).
    let tenants: TenantDirectory
    let metrics: TurnMetrics

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
        self.tenants = TenantDirectory(database: database)
        self.metrics = TurnMetrics()
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

    /// Another turn (of another agent) handled some of this turn's messages first; the turn is tried again and then
    /// finds them handled.
    struct TurnConflict: Error {}

    /// Processes deliveries of one conversation as one turn, measured in ``TurnMetrics``.
    public func process(_ deliveries: [Delivery]) async throws -> Outcome {
        let started = ContinuousClock.now
        var channel: Channel?
        do {
            let outcome = try await run(deliveries, channel: &channel)
            metrics.finished(outcome, channel: channel, since: started)
            return outcome
        } catch {
            metrics.failed(error, since: started)
            throw error
        }
    }

    /// The turn; `channel` is set once the conversation is known.
    private func run(_ deliveries: [Delivery], channel: inout Channel?) async throws -> Outcome {
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
            let (bus, unreadable) = (self.bus, malformed)
            try await database.transaction { sql in
                try await bus.deadLetter(unreadable, reason: "malformed", error: "payload is not an incoming message", in: sql, now: Date())
            }
            await bus.settle(malformed)
            logger.error("malformed incoming payload dead-lettered", metadata: ["count": "\(malformed.count)"])
        }
        guard let first = payloads.first else { return .duplicate }
        let key = first.conversation
        channel = key.channel
        var turnLogger = logger
        turnLogger[metadataKey: "tenant"] = "\(key.tenantID)"
        turnLogger[metadataKey: "chat"] = "\(key.chatID)"
        turnLogger[metadataKey: "message_id"] = "\(payloads.map(\.messageID).joined(separator: ","))"
        let now = Date()
        let limit = settings.maxContextMessages
        let valid = deliveries.filter { !malformed.contains($0) }

        // 1. Read what is known (no write yet: the messages are safe in the queue and the message log). On the
        // writer's connection: its pages are in its cache, where a reader would read them back after each commit.
        let initialStatus: ContactStatus = key.channel == .webchat ? .client : .unknown
        let foldsEarlier = settings.foldsEarlierAccepted
        let snapshot = try await database.readOnWriter { [payloads] sql in
            let stored = try await ContactRepository(sql).find(key: key)
            let pending = foldsEarlier ? try await MessageLogRepository(sql).pendingIncoming(key: key) : []
            var handled: Set<String> = []
            var history: [StoredMessage] = []
            var customerCount = 0
            if let stored {
                let messages = MessageRepository(sql)
                for payload in payloads {
                    if let message = try await messages.find(contactID: stored.id, messageID: payload.messageID), message.handledAt != nil {
                        handled.insert(payload.messageID)
                    }
                }
                history = try await messages.recent(contactID: stored.id, limit: limit)
                // Only an unknown contact is classified, and only its count of messages decides when.
                if stored.status == .unknown {
                    customerCount = try await messages.customerMessagesCount(contactID: stored.id)
                }
            }
            return (stored, handled, history, customerCount, pending)
        }
        let (knownContact, handledIDs, storedHistory, storedCount, pending) = snapshot
        let delivered = payloads
        let turnPayloads = foldsEarlier ? Self.withEarlierAccepted(delivered, pending: pending, key: key) : delivered
        if turnPayloads.count > delivered.count {
            turnLogger.info("earlier accepted messages taken into this turn",
                            metadata: ["earlier": "\(turnPayloads.map(\.messageID).filter { id in !delivered.contains { $0.messageID == id } })"])
        }
        let businessName = try await tenants.tenant(key.tenantID)?.name ?? ""
        var seen = handledIDs
        let fresh = turnPayloads.filter { seen.insert($0.messageID).inserted }
        guard !fresh.isEmpty else {
            try await finish(valid, key: key, payloads: turnPayloads, now: now) { _ in }
            turnLogger.info("redelivered messages were handled before")
            return .duplicate
        }
        let storedIDs = Set(storedHistory.map(\.messageID))
        let unstored = fresh.filter { !storedIDs.contains($0.messageID) }
        let history = Array((storedHistory.map(\.conversationMessage)
            + unstored.map { ConversationMessage(author: .customer, text: $0.messageText, sentAt: $0.sentAt) }).suffix(limit))
        let customerCount = storedCount + unstored.count
        let profile = first.contactInfo?.profile ?? ContactProfile(name: first.senderName)
        // A new contact's row is made before the models are called, so that their calls (tokens, tool calls) are
        // recorded with its id; the row alone changes nothing a redelivery would repeat.
        let storedContact: Contact
        if let knownContact {
            storedContact = knownContact
        } else {
            storedContact = try await database.transaction { sql in
                try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: first.phoneNumber, profile: profile,
                                                              initialStatus: initialStatus, now: now)
            }
        }
        var contact = storedContact

        // 2. Decide (outside any transaction: a model may take seconds; every call shares the turn's deadline).
        let decision = try await TurnDeadline.$current.withValue(ContinuousClock.now + settings.turnDeadline) {
            try await decide(contact: contact, history: history, fresh: fresh, customerCount: customerCount,
                             businessName: businessName, key: key, now: now, logger: turnLogger)
        }
        let verdict = decision.verdict
        contact.status = decision.status
        let paused = decision.paused
        let replyText = decision.replyText
        let toolCalls = decision.exchanges.flatMap { exchange in
            zip(exchange.calls, exchange.results).map { call, result in
                (callID: call.id, name: call.name, arguments: call.arguments.jsonText, result: result.content.jsonText, isError: result.isError)
            }
        }

        // 3. Store the messages and commit the outcome with the acknowledgement, all in one transaction.
        let newMessages = fresh.map { NewCustomerMessage(messageID: $0.messageID, text: $0.messageText, isVoice: $0.isVoice, sentAt: $0.sentAt) }
        let lastMessageID = fresh.last?.messageID
        let lastMessageAt = fresh.last?.sentAt
        let (turnVerdict, turnReply, turnStatus, turnStage) = (verdict, replyText, contact.status, contact.spinStage)
        // The reply's queue payload is encoded before the transaction: its body runs on the database writer, which
        // every transaction of the process waits for, so the JSON work stays out of it unless the phone differs.
        let botMessageID = "bot-" + UUID.timeOrdered().uuidString.lowercased()
        let outgoing: @Sendable (String) throws -> String = { phone in
            try PayloadCoding.encode(OutgoingMessagePayload(
                phoneNumber: phone, messageText: replyText ?? "", replyToMessageID: lastMessageID, markAsRead: true,
                tenant: key.tenantID, channel: key.channel, chatID: key.chatID, outgoingID: botMessageID))
        }
        let expectedPhone = storedContact.phoneNumber ?? first.phoneNumber ?? key.chatID
        // Touches go where the business can reach the client again; a web chat visitor who left has no inbox.
        let followUps = key.channel == .webchat ? nil : settings.followUps
        let lastIntent = followUps == nil ? .other : fresh.last.map { ReplyIntent.of($0.messageText) } ?? .other
        let encodedOutgoing = replyText.map { _ in try? outgoing(expectedPhone) } ?? nil
        let outcome: Outcome = try await finish(valid, key: key, payloads: turnPayloads, now: now) { sql in
            let contacts = ContactRepository(sql)
            let turnContact: Contact
            if storedContact.profile.filling(from: profile) == storedContact.profile {
                turnContact = storedContact
            } else {
                turnContact = try await contacts.findOrCreate(key: key, phoneNumber: first.phoneNumber, profile: profile,
                                                              initialStatus: initialStatus, now: now)
            }
            let stored = try await MessageRepository(sql).storeCustomerMessages(newMessages, contact: turnContact)
            if !toolCalls.isEmpty {
                try await ModelUsageRepository(sql).addToolCalls(tenantID: key.tenantID, contactID: turnContact.id, toolCalls, now: now)
            }
            let freshIDs = stored.map(\.id)
            if let verdict = turnVerdict { try await contacts.saveClassification(contactID: turnContact.id, verdict, now: now) }
            guard let replyText = turnReply, !replyText.isEmpty else {
                let taken = try await MessageRepository(sql).markHandled(ids: freshIDs, answeredBy: nil, now: now)
                guard taken.count == freshIDs.count else { throw TurnConflict() }
                try await contacts.saveProgress(contactID: turnContact.id, spinStage: turnStage, lastMessageAt: lastMessageAt, now: now)
                if let followUps {
                    try await FollowUpChains.afterTurn(followUps, intent: lastIntent, botReplied: false, tenantID: key.tenantID,
                                                       contactID: turnContact.id, in: sql, now: now)
                }
                return .silent(turnStatus)
            }
            let reply = try await MessageRepository(sql).storeBotReply(
                contact: turnContact, messageID: botMessageID, text: replyText, replyTo: lastMessageID, now: now)
            let taken = try await MessageRepository(sql).markHandled(ids: freshIDs, answeredBy: reply.id, now: now)
            guard taken.count == freshIDs.count else { throw TurnConflict() }
            let phone = turnContact.phoneNumber ?? key.chatID
            let payload = try (phone == expectedPhone ? encodedOutgoing : nil) ?? outgoing(phone)
            try await OutboxRepository(sql).add(tenantID: key.tenantID, queue: QueueName.outgoing.rawValue,
                                                partitionKey: key.description, payload: payload, now: now)
            try await contacts.saveProgress(contactID: turnContact.id, spinStage: turnStage.next, lastMessageAt: lastMessageAt, now: now)
            if let followUps {
                try await FollowUpChains.afterTurn(followUps, intent: lastIntent, botReplied: true, tenantID: key.tenantID,
                                                   contactID: turnContact.id, in: sql, now: now)
            }
            return .replied(messageID: botMessageID)
        }
        switch outcome {
        case .replied(let id):
            outboxSignal?.notify()
            turnLogger.info("reply stored", metadata: ["reply_id": "\(id)", "answers": "\(fresh.count)"])
        case .silent(let status):
            turnLogger.info("no reply", metadata: ["status": "\(status.rawValue)", "paused": "\(paused)"])
        case .duplicate:
            break
        }
        return outcome
    }

    private struct Decision: Sendable {
        var verdict: Classification?
        var status: ContactStatus
        var paused: Bool
        var replyText: String?
        var exchanges: [ToolExchange] = []
    }

    /// Classifies the contact while it is unknown and lets the sales agent answer a client.
    private func decide(contact: Contact, history: [ConversationMessage], fresh: [IncomingMessagePayload], customerCount: Int,
                        businessName: String, key: ConversationKey, now: Date, logger turnLogger: Logger) async throws -> Decision {
        var decision = Decision(verdict: nil, status: contact.status, paused: false, replyText: nil)
        if contact.status == .unknown, customerCount >= settings.classifyMinMessages {
            let result = await moderator.classify(profile: contact.profile, history: history,
                                                  businessName: businessName, now: now, tenantID: key.tenantID,
                                                  contactID: contact.id == 0 ? nil : contact.id)
            decision.verdict = result
            decision.status = result.status
            metrics.classified(result.status)
            turnLogger.info("contact classified", metadata: ["status": "\(result.status.rawValue)",
                                                            "confidence": "\(result.confidence)", "reasoning": "\(result.reasoning)"])
        }
        decision.paused = contact.botPausedUntil.map { $0 > now } ?? false
        // Voice notes no model could transcribe and bare attachments: ask to write instead of guessing (not to
        // known non-clients).
        let unreadable = fresh.filter { ($0.isVoice && $0.messageText == VoiceNoteText.untranscribed) || MediaNoteText.isBareAttachment($0.messageText) }
        if unreadable.count == fresh.count {
            if decision.status != .notClient, !decision.paused {
                decision.replyText = unreadable.allSatisfy(\.isVoice) ? VoiceNoteText.pleaseWrite : MediaNoteText.pleaseWrite
            }
            return decision
        }
        if decision.status == .client, !decision.paused {
            let started = ContinuousClock.now
            defer { metrics.salesModel(since: started) }
            let response = try await salesAgent.reply(
                tenantID: key.tenantID, businessName: businessName, profile: contact.profile, spinStage: contact.spinStage,
                history: history, newMessages: fresh.map(\.messageText), now: now, contactID: contact.id == 0 ? nil : contact.id,
                conversation: key)
            decision.replyText = TextAnalysis.trimmed(response.response.text)
            decision.exchanges = response.exchanges
        }
        return decision
    }

    /// The delivered messages with the conversation's earlier accepted ones that no turn has taken yet, in the order the
    /// gateway accepted them (the message log's order); a delivered message the log does not list keeps its place after.
    static func withEarlierAccepted(_ delivered: [IncomingMessagePayload], pending: [MessageLogEntry],
                                    key: ConversationKey) -> [IncomingMessagePayload] {
        let byID = Dictionary(delivered.map { ($0.messageID, $0) }, uniquingKeysWith: { first, _ in first })
        guard let last = pending.lastIndex(where: { byID[$0.messageID] != nil }) else { return delivered }
        var included: Set<String> = []
        var ordered: [IncomingMessagePayload] = []
        for entry in pending[...last] where included.insert(entry.messageID).inserted {
            ordered.append(byID[entry.messageID] ?? IncomingMessagePayload(
                messageID: entry.messageID, chatID: key.chatID, phoneNumber: nil, senderName: nil, messageText: entry.text ?? "",
                isVoice: entry.isVoice, timestamp: entry.createdAt, tenant: key.tenantID, channel: key.channel))
        }
        return ordered + delivered.filter { included.insert($0.messageID).inserted }
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
