import Foundation
import Logging
import SaudaBus
import SaudaCore
import SaudaModels
import SaudaStore

/// Runs one turn of one conversation from the incoming queue, in three steps: a ``TurnSnapshot`` reads what the
/// turn needs (contact, pending messages, history, business name); the ``ConversationEngine`` decides (it classifies
/// the contact while it is unknown and lets the sales agent answer clients); ``TurnCommit`` stores the customer
/// messages and commits the reply, its outbox row and the queue acknowledgement in one transaction. The processor
/// itself decodes the deliveries and dead-letters malformed ones.
///
/// A turn is idempotent: customer messages are stored once by provider id, and a reply can take only
/// messages no turn has handled, so a redelivered message is never answered twice.
public struct TurnProcessor: Sendable {
    let database: any Database
    let bus: any MessageBus
    let engine: ConversationEngine
    /// Reads the customer's answer while the engine decides (docs/follow-ups.md).
    let intentReader: ReplyIntentReader
    let commit: TurnCommit
    let settings: AgentSettings
    let logger: Logger
    /// The business names, remembered for a few seconds (every turn names its tenant).
    let tenants: TenantDirectory
    let metrics: TurnMetrics
    /// Recognises a returning customer in the business's CRM on their first message; `nil`: no CRM lookups.
    let customers: CRMCustomerRecognition?
    /// Shows the customer a sign of the reply being written while the turn decides (Telegram's typing); `nil`: none.
    let activity: (any ChatActivity)?

    /// Creates a processor; with `diagnostics`, the diagnostic phrase is answered with them; with `catalogues`, the
    /// clients of a business with a catalogue are led through its order funnel.
    public init(database: any Database, bus: any MessageBus, moderator: Moderator, salesAgent: SalesAgent,
                settings: AgentSettings, diagnostics: DiagnosticFacts? = nil, catalogues: CatalogueCache? = nil,
                outboxSignal: WakeSignal?, customers: CRMCustomerRecognition? = nil, activity: (any ChatActivity)? = nil,
                logger: Logger) {
        let metrics = TurnMetrics()
        self.customers = customers
        self.activity = activity
        self.database = database
        self.bus = bus
        self.engine = ConversationEngine(moderator: moderator, salesAgent: salesAgent, settings: settings, metrics: metrics,
                                         diagnostics: diagnostics, catalogues: catalogues, logger: logger)
        self.intentReader = ReplyIntentReader(model: moderator.model, prompts: moderator.prompts, settings: settings, logger: logger)
        self.commit = TurnCommit(database: database, bus: bus, outboxSignal: outboxSignal, logger: logger)
        self.settings = settings
        self.logger = logger
        self.tenants = TenantDirectory(database: database)
        self.metrics = metrics
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
        let (payloads, valid) = try await decode(deliveries)
        guard let first = payloads.first else { return .duplicate }
        let key = first.conversation
        channel = key.channel
        var turnLogger = logger
        turnLogger[metadataKey: "tenant"] = "\(key.tenantID)"
        turnLogger[metadataKey: "chat"] = "\(key.chatID)"
        turnLogger[metadataKey: "message_id"] = "\(payloads.map(\.messageID).joined(separator: ","))"
        let now = Date()

        // 1. Read what is known (no write yet: the messages are safe in the queue and the message log).
        let snapshot = try await TurnSnapshot.read(key: key, payloads: payloads, settings: settings, database: database, tenants: tenants)
        let turnPayloads = snapshot.turnMessages(payloads, key: key, foldsEarlier: settings.foldsEarlierAccepted)
        if turnPayloads.count > payloads.count {
            turnLogger.info("earlier accepted messages taken into this turn",
                            metadata: ["earlier": "\(turnPayloads.map(\.messageID).filter { id in !payloads.contains { $0.messageID == id } })"])
        }
        let fresh = snapshot.unhandled(turnPayloads)
        guard !fresh.isEmpty else {
            try await commit.acknowledgeHandled(valid, key: key, payloads: turnPayloads, now: now)
            turnLogger.info("redelivered messages were handled before")
            return .duplicate
        }
        var contact = try await contact(snapshot.contact, first: first, now: now)
        // A new contact may be a returning customer of the business: its CRM knows their phone.
        var knownName: String?
        if snapshot.contact == nil, let customers {
            knownName = await customers.recognise(contact, now: now)
            if let knownName, contact.profile.fullName == nil { contact.profile.fullName = knownName }
        }
        let (history, customerCount) = snapshot.conversation(adding: fresh, limit: settings.maxContextMessages)
        var context = ConversationContext(
            key: key, businessName: snapshot.businessName, contact: contact, history: history,
            newMessages: fresh.map { NewCustomerMessage(messageID: $0.messageID, text: $0.messageText, isVoice: $0.isVoice, sentAt: $0.sentAt,
                                                     connection: $0.connection) },
            customerMessageCount: customerCount, now: now)
        context.knownCustomerName = knownName

        // 2. Decide (outside any transaction: a model may take seconds; every call shares the turn's deadline). The
        //    customer's answer is read meanwhile.
        let followUps = await followUps(key)
        let (decision, intent): (ConversationDecision, IntentReading?)
        if let activity, (contact.botPausedUntil ?? .distantPast) <= now, contact.status != .notClient {
            // The customer sees the reply being written meanwhile (on channels that show it).
            let (decided, logger, followsUp) = (context, turnLogger, followUps != nil)
            (decision, intent) = try await activity.whileReplying(in: key, connection: first.connection) {
                try await self.decideAndRead(decided, followsUp: followsUp, logger: logger)
            }
        } else {
            (decision, intent) = try await decideAndRead(context, followsUp: followUps != nil, logger: turnLogger)
        }

        // 3. Store the messages and commit the outcome with the acknowledgement, all in one transaction.
        let outcome = try await commit.commit(writes(of: context, decision: decision, intent: intent, followUps: followUps, first: first,
                                                     deliveries: valid, payloads: turnPayloads))
        switch outcome {
        case .replied(let id):
            turnLogger.info("reply stored", metadata: ["reply_id": "\(id)", "answers": "\(fresh.count)"])
        case .silent(let status):
            turnLogger.info("no reply", metadata: ["status": "\(status.rawValue)", "paused": "\(decision.isBotPaused)"])
        case .duplicate:
            break
        }
        return outcome
    }

    /// The incoming messages of the deliveries, with the deliveries that carry them; deliveries that are not incoming
    /// messages are dead-lettered and settled.
    private func decode(_ deliveries: [Delivery]) async throws -> (payloads: [IncomingMessagePayload], valid: [Delivery]) {
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
        return (payloads, deliveries.filter { !malformed.contains($0) })
    }

    /// The turn's contact: the stored one, or a new row. A new contact's row is made before the models are called, so
    /// that their calls (tokens, tool calls) are recorded with its id; the row alone changes nothing a redelivery would
    /// repeat.
    private func contact(_ stored: Contact?, first: IncomingMessagePayload, now: Date) async throws -> Contact {
        if let stored { return stored }
        let (key, phone, profile, status) = (first.conversation, first.phoneNumber, Self.profile(of: first), Self.initialStatus(of: first))
        return try await database.transaction { sql in
            try await ContactRepository(sql).findOrCreate(key: key, phoneNumber: phone, profile: profile, initialStatus: status, now: now)
        }
    }

    /// What the first message tells of its sender.
    private static func profile(of first: IncomingMessagePayload) -> ContactProfile {
        first.contactInfo?.profile ?? ContactProfile(name: first.senderName)
    }

    /// The status a new contact starts with: web chat visitors are clients, messenger contacts are unknown.
    private static func initialStatus(of first: IncomingMessagePayload) -> ContactStatus {
        first.conversation.channel == .webchat ? .client : .unknown
    }

    /// The follow-up plan of the conversation, its business's (docs/businesses.md): touches go where the business can
    /// reach the client again; a web chat visitor who left has no inbox.
    private func followUps(_ key: ConversationKey) async -> FollowUpPlan? {
        key.channel == .webchat ? nil : await settings.followUpPlan(for: key.tenantID)
    }

    /// A part of step 2.
    private enum TurnPart: Sendable {
        case decision(ConversationDecision)
        case reading(IntentReading?)
        case graceOver
    }

    /// The engine's decision and, meanwhile, the reading of the customer's answer; once the decision is made, the reading
    /// gets ``AgentSettings/intentGrace`` more, then the rules read the answer instead.
    /// - Parameter followsUp: whether a follow-up chain depends on the reading (none is made otherwise).
    private func decideAndRead(_ context: ConversationContext, followsUp: Bool, logger: Logger) async throws -> (ConversationDecision, IntentReading?) {
        let (engine, grace) = (self.engine, settings.intentGrace)
        return try await withThrowingTaskGroup(of: TurnPart.self) { group in
            group.addTask { .reading(await readIntent(of: context, followsUp: followsUp)) }
            group.addTask { .decision(try await engine.respond(to: context, logger: logger)) }
            var decision: ConversationDecision?
            var reading: IntentReading??
            while let part = try await group.next() {
                switch part {
                case .decision(let decided):
                    decision = decided
                    if reading == nil { group.addTask { try await Task.sleep(for: grace); return .graceOver } }
                case .reading(let read):
                    reading = .some(read)
                case .graceOver:
                    logger.info("the answer's reading took longer than the reply: the rules read it")
                    reading = .some(rulesReading(of: context, source: .fallback, followsUp: followsUp))
                }
                if let decision, let reading {
                    group.cancelAll()
                    return (decision, reading)
                }
            }
            throw CancellationError()
        }
    }

    /// The turn's last message as the reader reads it: cut to the input limit.
    private func lastText(of context: ConversationContext) -> String? {
        context.newMessages.last.map { TextAnalysis.shortened($0.text, toCharacters: settings.maxInputCharacters) }
    }

    /// The rules' reading of the turn's last message; `nil` where no follow-up chain depends on it.
    private func rulesReading(of context: ConversationContext, source: IntentReading.Source, followsUp: Bool) -> IntentReading? {
        guard followsUp, let text = lastText(of: context) else { return nil }
        return IntentReading(intent: ReplyIntentReader.rules(text), source: source)
    }

    /// How the turn's last message answers the bot's last one; `nil` where no follow-up chain depends on it. A paused
    /// bot or a contact who is no client ends the chain whatever the answer says: the rules read it then.
    private func readIntent(of context: ConversationContext, followsUp: Bool) async -> IntentReading? {
        guard followsUp, let text = lastText(of: context) else { return nil }
        guard !context.isBotPaused, context.contact.status != .notClient else { return rulesReading(of: context, source: .rules, followsUp: true) }
        // The history ends with the turn's new messages; what came before them from the business is what they answer.
        let botMessage = context.history.last { $0.author != .customer }?.text
        return await TurnDeadline.$current.withValue(ContinuousClock.now + settings.turnDeadline) {
            await intentReader.read(text, answering: botMessage, businessName: context.businessName, now: context.now,
                                    tenantID: context.key.tenantID, contactID: context.contact.id)
        }
    }

    /// The commit of a decided turn. The reply's queue payload is encoded here, before the transaction: its body runs
    /// on the database writer, which every transaction of the process waits for, so the JSON work stays out of it
    /// unless the phone differs.
    private func writes(of context: ConversationContext, decision: ConversationDecision, intent: IntentReading?, followUps: FollowUpPlan?,
                        first: IncomingMessagePayload, deliveries: [Delivery], payloads: [IncomingMessagePayload]) -> TurnWrites {
        let key = context.key
        var writes = TurnWrites(
            deliveries: deliveries, key: key, payloads: payloads, now: context.now, contact: context.contact,
            profile: Self.profile(of: first), phoneNumber: first.phoneNumber, initialStatus: Self.initialStatus(of: first),
            newMessages: context.newMessages, toolCalls: decision.toolCalls, verdict: decision.classification,
            replyText: decision.replyText, status: decision.status, spinStage: context.contact.spinStage,
            botMessageID: "bot-" + UUID.timeOrdered().uuidString.lowercased(), encodedOutgoing: nil,
            expectedPhone: context.contact.phoneNumber ?? first.phoneNumber ?? key.chatID, funnelState: decision.funnelState,
            followUps: followUps, intent: intent)
        if writes.replyText != nil { writes.encodedOutgoing = try? writes.outgoingPayload(phone: writes.expectedPhone) }
        writes.alerts = decision.alerts
        if let owner = settings.ownerAlertChat {
            for alert in decision.alerts {
                writes.ownerMessages[alert.reason] = try? OwnerAlertMessage(alert: alert, key: key, contact: context.contact, ownerPhone: owner)
            }
        }
        return writes
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
}
