import Foundation
import Logging
import Metrics
import SaudaBus
import SaudaCore
import SaudaStore

/// Takes Wappi's webhook events for a tenant and records them durably before the webhook is answered.
///
/// - `incoming_message` with text: logged in `message_logs` (a provider id seen before is a duplicate) and
///   published to `incoming_messages` in the same transaction, in seed 004's payload.
/// - Dropped with a counted reason: own echoes (`is_me`, `outgoing_message_api`), group chats, reactions,
///   numbers on the tenant's whitelist (seed 004: never processed).
/// - `outgoing_message_phone` (someone of the business typed on the phone): stored as a human message of
///   the conversation, and the bot pauses in that chat for `humanPause`.
/// - `delivery_status`: applied to the outgoing message it names (`message_logs` and the message itself).
/// - Voice notes (`ptt`, `audio`): logged and published to `voice_transcription` with the audio when the
///   event carries it; the agent sees them only once transcribed (``VoiceTranscriber``). While a chat's voice
///   note waits for its transcript, the chat's later messages queue behind it on `voice_transcription` (the
///   transcriber passes them on unchanged), so no text is answered before the voice note that preceded it.
/// - Other media (photos, documents, locations, …): the agent gets a placeholder with the caption
///   (``MediaNoteText``); a bare attachment is answered with a polite request to write. Calls are dropped.
/// - Messages of the business's number read by polling carry no event type: the bot's own sends are told from
///   someone typing on the phone by ``sentThroughAPI(_:key:sql:now:)``.
public struct WhatsAppGateway: Sendable {
    let database: any Database
    let bus: any MessageBus
    let humanPause: Duration
    let logger: Logger
    /// A voice note older than this (the voice queue's time to live, seed 004: 2 h) no longer holds its chat's messages back.
    let voiceWaitLimit: TimeInterval = QueueLimits.seedDefault(for: .voice).timeToLive
    /// `sauda_messages_in_total{channel="whatsapp"}`: customer messages accepted, voice notes included
    /// (duplicates, ignored events and the owner's own messages are not counted).
    let messagesIn = Counter(label: "sauda_messages_in_total", dimensions: [("channel", Channel.whatsapp.rawValue)])

    /// Creates a gateway.
    public init(database: any Database, bus: any MessageBus, humanPause: Duration, logger: Logger) {
        self.database = database
        self.bus = bus
        self.humanPause = humanPause
        self.logger = logger
    }

    /// What became of one webhook delivery's events.
    public struct Outcome: Sendable, Hashable, Codable {
        /// Customer messages queued for the agent.
        public var accepted = 0
        /// Events seen before.
        public var duplicates = 0
        /// Dropped events by reason.
        public var ignored: [String: Int] = [:]
        /// Messages of the business's people stored.
        public var humanMessages = 0
        /// Delivery statuses applied.
        public var statuses = 0
        /// Voice notes queued for transcription.
        public var voice = 0
        /// Attachments the agent cannot read (counted in `accepted`; a bare one gets a request to write).
        public var unsupported = 0
        /// Customer messages (counted in `accepted`) queued behind a voice note of their chat still being transcribed.
        public var behindVoiceNote = 0

        /// Creates an empty outcome.
        public init() {}
    }

    /// Records the events of one webhook delivery, all in one transaction.
    /// - Throws: ``GatewayError`` `.queueFull` when the incoming queue is full (nothing is recorded; Wappi retries).
    public func accept(tenantID: String, events: [WappiMessage], now: Date = Date()) async throws -> Outcome {
        let bus = self.bus
        let pause = humanPause
        // Events dropped on their face (echoes, groups, reactions) need no transaction: a webhook carrying only
        // such events costs the database nothing.
        var dropped = Outcome()
        let kept = events.filter { event in
            guard let reason = Self.dropReason(event) else { return true }
            dropped.ignored[reason, default: 0] += 1
            return false
        }
        // Customers' messages go to the queues: one without room for them refuses the delivery before anything is
        // written. A text may queue behind a voice note, so the voice queue may take every message.
        let customerMessages = kept.filter(Self.isCustomerMessage)
        let mostPerQueue = [(QueueName.incoming, customerMessages.count(where: { !$0.isVoice })), (.voice, customerMessages.count)]
        let voiceWait = voiceWaitLimit
        let outcome: Outcome
        do {
            outcome = kept.isEmpty ? dropped : try await database.transaction { [dropped] sql -> Outcome in
                for (queue, most) in mostPerQueue where most > 0 {
                    try await bus.ensureRoom(upTo: most, in: queue, in: sql) {
                        try await Self.queuedMessages(of: customerMessages, tenantID: tenantID, sql: sql, now: now, voiceWaitLimit: voiceWait)[queue] ?? 0
                    }
                }
                var outcome = dropped
                let logs = MessageLogRepository(sql)
                var items: [QueueItem] = []
                var voiceItems: [QueueItem] = []
                var chatsAwaitingTranscript: Set<ConversationKey> = []
                for event in kept {
                    var type = event.webhookType ?? "incoming_message"
                    if type == "delivery_status" || type == "messages_status" {
                        guard let target = event.stanzaID, let status = Self.deliveryStatus(event) else { continue }
                        if try await logs.applyDeliveryStatusToMessage(tenantID: tenantID, channel: .whatsapp,
                                                                        providerMessageID: target, status: status, now: now) {
                            outcome.statuses += 1
                        }
                        continue
                    }
                    let key = ConversationKey(tenantID: tenantID, channel: .whatsapp, chatID: event.chatID)
                    if event.webhookType == nil, event.fromMe {
                        // Read by polling, where nothing says who wrote a message of the business's number.
                        type = try await Self.sentThroughAPI(event, key: key, sql: sql, now: now) ? "outgoing_message_api" : "outgoing_message_phone"
                    }
                    if type == "outgoing_message_phone" {
                        let contact = try await ContactRepository(sql).findOrCreate(
                            key: key, phoneNumber: "+" + event.phoneNumberOfChat, profile: ContactProfile(), initialStatus: .unknown, now: now)
                        if try await MessageRepository(sql).storeHumanMessage(contact: contact, messageID: event.id, text: event.body,
                                                                               sentAt: event.sentAt) != nil {
                            try await ContactRepository(sql).pauseBot(contactID: contact.id, until: now.addingTimeInterval(pause.timeInterval), now: now)
                            // The owner leads this conversation now: the bot's follow-up touches stop.
                            try await FollowUpRepository(sql).stop(contactID: contact.id, reason: FollowUpPolicy.takeover, now: now)
                            outcome.humanMessages += 1
                        } else {
                            outcome.duplicates += 1
                        }
                        continue
                    }
                    if !Self.isCustomerMessage(event) { outcome.ignored["own_echo", default: 0] += 1; continue }
                    if try await Self.isFromWhitelistedNumber(event, tenantID: tenantID, sql: sql) {
                        outcome.ignored["whitelist", default: 0] += 1
                        continue
                    }
                    if event.isVoice {
                        guard try await logs.recordIncoming(key: key, messageID: event.id, phoneNumber: event.phoneNumber,
                                                            text: VoiceNoteText.untranscribed, isVoice: true,
                                                            queueStatus: MessageLogRepository.awaitingTranscript, now: now) else {
                            outcome.duplicates += 1
                            continue
                        }
                        let audio = event.body.isEmpty || Data(base64Encoded: event.body) == nil ? nil : event.body
                        let voice = VoiceMessagePayload(messageID: event.id, chatID: event.chatID, phoneNumber: event.phoneNumber,
                                                        voiceURL: event.fileLink, timestamp: event.sentAt, tenant: tenantID, channel: .whatsapp,
                                                        senderName: event.senderName, audioBase64: audio, mimeType: event.mimeType)
                        voiceItems.append(QueueItem(partitionKey: key.description, tenantID: tenantID, payload: try PayloadCoding.encode(voice)))
                        chatsAwaitingTranscript.insert(key)
                        outcome.voice += 1
                        continue
                    }
                    // Attachments the agent cannot read go to it as a placeholder with their caption.
                    let text = event.type == "chat" ? event.body : MediaNoteText.text(type: event.type, caption: event.caption)
                    guard try await logs.recordIncoming(key: key, messageID: event.id, phoneNumber: event.phoneNumber, text: text,
                                                        isVoice: false, now: now) else {
                        outcome.duplicates += 1
                        continue
                    }
                    if event.type != "chat" { outcome.unsupported += 1 }
                    let payload = IncomingMessagePayload(
                        messageID: event.id, chatID: event.chatID, phoneNumber: "+" + event.phoneNumber, senderName: event.senderName,
                        messageText: text, timestamp: event.sentAt,
                        contactInfo: ContactInfo(pushName: event.senderName),
                        tenant: tenantID, channel: .whatsapp)
                    let item = QueueItem(partitionKey: key.description, tenantID: tenantID, payload: try PayloadCoding.encode(payload))
                    if try await Self.waitsBehindVoiceNote(key: key, chatsAwaitingTranscript: chatsAwaitingTranscript, logs: logs,
                                                           since: now.addingTimeInterval(-voiceWaitLimit)) {
                        chatsAwaitingTranscript.insert(key)
                        voiceItems.append(item)
                        outcome.behindVoiceNote += 1
                    } else {
                        items.append(item)
                    }
                    outcome.accepted += 1
                }
                if !items.isEmpty { try await bus.publish(items, to: .incoming, in: sql, now: now) }
                if !voiceItems.isEmpty { try await bus.publish(voiceItems, to: .voice, in: sql, now: now) }
                return outcome
            }
        } catch let error as StoreError where error.code == .queueFull {
            throw GatewayError(kind: .queueFull, reason: "the agent is overloaded, please retry in a minute")
        }
        if outcome.voice > 0 || outcome.behindVoiceNote > 0 { bus.notify(.voice) }
        if outcome.accepted > outcome.behindVoiceNote { bus.notify(.incoming) }
        if outcome.accepted + outcome.voice > 0 { messagesIn.increment(by: outcome.accepted + outcome.voice) }
        for (reason, count) in outcome.ignored {
            Counter(label: "sauda_webhook_ignored_total", dimensions: [("channel", "whatsapp"), ("reason", reason)]).increment(by: count)
        }
        return outcome
    }

    /// Why an event is dropped without looking anything up, or `nil` when it needs handling: echoes of the bot's
    /// own sends, events of other kinds, group chats, reactions and calls.
    static func dropReason(_ event: WappiMessage) -> String? {
        switch event.webhookType {
        case "delivery_status", "messages_status": return nil
        case "outgoing_message_api": return "own_echo"
        case "incoming_message", "outgoing_message_phone", nil: break
        default: return "other_event"
        }
        if event.isGroup { return "group" }
        if event.webhookType == "incoming_message", event.fromMe { return "own_echo" }
        if event.type == "reaction" { return "reaction" }
        if event.type == "call" { return "call" }
        return nil
    }

    /// Whether a message of the business's number read by polling is one of the bot's sends (not someone typing
    /// on the phone): Wappi says so (`from_where`), or its id is a recorded send, or the bot stored the same text
    /// in that chat within the hour (a send whose id is not recorded yet).
    static func sentThroughAPI(_ event: WappiMessage, key: ConversationKey, sql: any SQLConnection, now: Date) async throws -> Bool {
        if let fromWhere = event.fromWhere { return fromWhere == "api" }
        if try await MessageLogRepository(sql).isRecordedSend(tenantID: key.tenantID, channel: key.channel, providerMessageID: event.id) {
            return true
        }
        return try await MessageRepository(sql).hasBotMessage(contactKey: key, text: event.body, since: now.addingTimeInterval(-3600))
    }

    static func deliveryStatus(_ event: WappiMessage) -> String? {
        let candidates = [event.deliveryStatus, event.body].compactMap { $0?.lowercased() }
        return candidates.first { ["sent", "delivered", "read", "played", "failed"].contains($0) }
    }
}

extension WappiMessage {
    /// The customer's phone number of the chat, in digits (the chat id without `@c.us`).
    var phoneNumberOfChat: String { String(chatID.split(separator: "@").first ?? Substring(chatID)) }
}
