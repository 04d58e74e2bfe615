import Foundation
import SaudaBus
import SaudaCore
import SaudaStore

/// Records one delivery's events inside the ``InboundGateway``'s transaction, collecting the queue items it
/// publishes at the end.
struct DeliveryRecorder {
    let gateway: InboundGateway
    let tenantID: String
    let channel: Channel
    /// The channel connection (the business's number) the delivery came in on, carried by its messages' payloads.
    let connectionID: String?
    /// How long the bot stays silent in a chat after someone of the business wrote in it.
    let humanPause: Duration
    let sql: any SQLConnection
    let now: Date
    let logs: MessageLogRepository
    /// What became of the events so far.
    var outcome = InboundOutcome()
    private var incomingItems: [QueueItem] = []
    private var voiceItems: [QueueItem] = []
    private var chatsAwaitingTranscript: Set<ConversationKey> = []
    /// Statuses of sends not recorded yet that this delivery kept for their send.
    private var earlyStatuses = 0

    init(gateway: InboundGateway, tenantID: String, channel: Channel, connectionID: String? = nil, humanPause: Duration,
         sql: any SQLConnection, now: Date) {
        self.gateway = gateway
        self.tenantID = tenantID
        self.channel = channel
        self.connectionID = connectionID
        self.humanPause = humanPause
        self.sql = sql
        self.now = now
        logs = MessageLogRepository(sql)
    }

    /// Records one event.
    mutating func record(_ event: InboundEvent) async throws {
        switch event {
        case .dropped(let reason):
            outcome.ignored[reason, default: 0] += 1
        case .refused(let violation):
            outcome.refuse(violation)
        case .deliveryStatus(let report):
            try await record(report)
        case .businessMessage(let message):
            try await record(message)
        case .customerEdit(let edit):
            try await record(edit)
        case .reachability(let change):
            // Blocking ends the contact's follow-ups at once; starting the bot again makes it reachable.
            let contacts = ContactRepository(sql)
            if change.reachable {
                try await contacts.markReachable(key: key(change.chatID), now: now)
            } else {
                try await contacts.markUnreachable(key: key(change.chatID), reason: change.reason, now: now)
            }
            outcome.ignored[change.reachable ? "unblocked" : "blocked", default: 0] += 1
        case .customerMessage(let message):
            if try await gateway.isWhitelisted(message, tenantID: tenantID, sql: sql) {
                outcome.ignored["whitelist", default: 0] += 1
            } else if case .voiceNote(let note) = message.content {
                try await recordVoiceNote(message, note: note)
            } else {
                try await recordText(message)
            }
        }
    }

    /// Publishes the collected customer messages to their queues, and bounds the statuses waiting for their send.
    /// - Returns: the delivery's outcome.
    func publish() async throws -> InboundOutcome {
        if earlyStatuses > 0 {
            try await logs.trimEarlyStatuses(tenantID: tenantID, channel: channel, keeping: gateway.limits(for: channel).maxEarlyStatusesPerChannel)
        }
        if !incomingItems.isEmpty { try await gateway.bus.publish(incomingItems, to: .incoming, in: sql, now: now) }
        if !voiceItems.isEmpty { try await gateway.bus.publish(voiceItems, to: .voice, in: sql, now: now) }
        return outcome
    }

    /// A delivery status: applied to the send it names, or kept for a send not recorded yet while the delivery's
    /// share of such statuses lasts (the rest are dropped as `status_of_unknown_send`).
    private mutating func record(_ report: InboundDeliveryStatus) async throws {
        let keepsEarly = earlyStatuses < gateway.limits(for: channel).maxEarlyStatusesPerDelivery
        switch try await logs.recordDeliveryStatus(tenantID: tenantID, channel: channel, providerMessageID: report.providerMessageID,
                                                   status: report.status.rawValue, keepingEarly: keepsEarly, now: now) {
        case .applied: outcome.statuses += 1
        case .keptEarly: earlyStatuses += 1
        case .dropped: outcome.ignored["status_of_unknown_send", default: 0] += 1
        case .unchanged: break
        }
    }


    private func key(_ chatID: String) -> ConversationKey { ConversationKey(tenantID: tenantID, channel: channel, chatID: chatID) }

    /// A message of the business's own number: Sauda's own send read back (an echo), or someone of the business
    /// writing on their phone, who takes the chat over.
    private mutating func record(_ message: InboundBusinessMessage) async throws {
        let key = key(message.chatID)
        if message.origin == .unknown, try await isOwnSend(message, key: key) {
            outcome.ignored["own_echo", default: 0] += 1
            return
        }
        let contact = try await ContactRepository(sql).findOrCreate(
            key: key, phoneNumber: message.phoneNumber.map { "+" + $0 }, profile: ContactProfile(), initialStatus: .unknown, now: now)
        guard try await MessageRepository(sql).storeHumanMessage(contact: contact, messageID: message.id, text: message.text,
                                                                  sentAt: message.sentAt) != nil else {
            outcome.duplicates += 1
            return
        }
        try await ContactRepository(sql).pauseBot(contactID: contact.id, until: now.addingTimeInterval(humanPause.timeInterval), now: now)
        // The owner leads this conversation now: the bot's follow-up touches stop.
        try await FollowUpRepository(sql).stop(contactID: contact.id, reason: FollowUpPolicy.takeover, now: now)
        outcome.humanMessages += 1
    }

    /// Whether a message of the business's number whose author the channel does not say is one of Sauda's sends:
    /// its id is a recorded send, or the bot stored the same text in that chat within the hour (a send whose id is
    /// not recorded yet).
    private func isOwnSend(_ message: InboundBusinessMessage, key: ConversationKey) async throws -> Bool {
        if try await logs.isRecordedSend(tenantID: tenantID, channel: channel, providerMessageID: message.id) { return true }
        return try await MessageRepository(sql).hasBotMessage(contactKey: key, text: message.text, since: now.addingTimeInterval(-3600))
    }

    /// What the customer's message tells of them beyond its text: they are reachable again (they wrote), the connection
    /// they wrote to is remembered on the contact, so that what Sauda sends on its own (follow-ups, operators' messages)
    /// leaves from that number (a message that names none keeps the one remembered), and their username, deep-link
    /// parameter or shared phone number are kept.
    private func noteContact(_ message: InboundCustomerMessage, key: ConversationKey) async throws {
        let contacts = ContactRepository(sql)
        try await contacts.customerWrote(key: key, connectionID: connectionID, now: now)
        guard message.username != nil || message.startParameter != nil || message.sharedPhoneNumber != nil else { return }
        try await contacts.noteChannelDetails(key: key, name: message.senderName, username: message.username,
                                              startParameter: message.startParameter,
                                              sharedPhoneNumber: message.sharedPhoneNumber.map { "+" + $0 }, now: now)
    }

    /// A customer's edit of an earlier message: logged beside it and shown in the conversation, never queued (the
    /// message was answered as first sent). A repeated edit is a duplicate.
    private mutating func record(_ edit: InboundMessageEdit) async throws {
        let key = key(edit.chatID)
        let logID = "\(edit.id):edit:\(Int(edit.editedAt.timeIntervalSince1970))"
        guard try await logs.recordIncoming(key: key, messageID: logID, phoneNumber: nil, text: edit.text, isVoice: false,
                                            queueStatus: "edited", now: now) else {
            outcome.duplicates += 1
            return
        }
        try await MessageRepository(sql).recordEdit(contactKey: key, messageID: edit.id, text: edit.text)
        outcome.ignored["edited", default: 0] += 1
    }

    private mutating func recordVoiceNote(_ message: InboundCustomerMessage, note: InboundVoiceNote) async throws {
        let key = key(message.chatID)
        guard try await logs.recordIncoming(key: key, messageID: message.id, phoneNumber: message.phoneNumber,
                                            text: VoiceNoteText.untranscribed, isVoice: true,
                                            queueStatus: MessageLogRepository.awaitingTranscript, now: now) else {
            outcome.duplicates += 1
            return
        }
        var voice = VoiceMessagePayload(messageID: message.id, chatID: message.chatID, phoneNumber: message.phoneNumber ?? "",
                                        voiceURL: note.link, timestamp: message.sentAt, tenant: tenantID, channel: channel,
                                        senderName: message.senderName, audioBase64: note.audioBase64, mimeType: note.mimeType)
        voice.connection = connectionID
        voice.mediaID = note.mediaID
        try await noteContact(message, key: key)
        voiceItems.append(QueueItem(partitionKey: key.description, tenantID: tenantID, payload: try PayloadCoding.encode(voice)))
        chatsAwaitingTranscript.insert(key)
        outcome.voice += 1
    }

    private mutating func recordText(_ message: InboundCustomerMessage) async throws {
        let key = key(message.chatID)
        let text: String
        switch message.content {
        case .text(let body): text = body
        case .attachment(let kind, let caption): text = MediaNoteText.text(type: kind, caption: caption)
        case .voiceNote: return
        }
        guard try await logs.recordIncoming(key: key, messageID: message.id, phoneNumber: message.phoneNumber, text: text,
                                            isVoice: false, now: now) else {
            outcome.duplicates += 1
            return
        }
        if case .attachment = message.content { outcome.unsupported += 1 }
        var payload = IncomingMessagePayload(
            messageID: message.id, chatID: message.chatID, phoneNumber: message.phoneNumber.map { "+" + $0 }, senderName: message.senderName,
            messageText: text, timestamp: message.sentAt, contactInfo: message.contactInfo, tenant: tenantID, channel: channel)
        payload.connection = connectionID
        try await noteContact(message, key: key)
        let item = QueueItem(partitionKey: key.description, tenantID: tenantID, payload: try PayloadCoding.encode(payload))
        if try await gateway.waitsBehindVoiceNote(key: key, chatsAwaitingTranscript: chatsAwaitingTranscript, logs: logs, now: now) {
            chatsAwaitingTranscript.insert(key)
            voiceItems.append(item)
            outcome.behindVoiceNote += 1
        } else {
            incomingItems.append(item)
        }
        outcome.accepted += 1
    }
}
