import Foundation
import SaudaCore
import SaudaStore

extension WhatsAppGateway {
    /// Whether an event is a customer's message, which goes to a queue (not a status, and not sent by the business).
    static func isCustomerMessage(_ event: WappiMessage) -> Bool {
        (event.webhookType ?? "incoming_message") == "incoming_message" && !event.fromMe
    }

    /// Whether the sender's number is on the tenant's whitelist (seed 004: never processed).
    static func isFromWhitelistedNumber(_ event: WappiMessage, tenantID: String, sql: any SQLConnection) async throws -> Bool {
        try await TenantRepository(sql).isWhitelisted(tenantID: tenantID, phoneNumber: PhoneNumber.normalize(event.from) ?? event.phoneNumber)
    }

    /// Whether a customer's text waits behind a voice note of its chat: one earlier in the same delivery, or one
    /// received after `since` still waiting for its transcript.
    static func waitsBehindVoiceNote(key: ConversationKey, chatsAwaitingTranscript: Set<ConversationKey>, logs: MessageLogRepository,
                                     since: Date) async throws -> Bool {
        if chatsAwaitingTranscript.contains(key) { return true }
        return try await logs.hasVoiceAwaitingTranscript(key: key, since: since)
    }

    /// How many of a delivery's customer messages each queue would take, found by reads alone, as
    /// ``accept(tenantID:events:now:)`` routes them: whitelisted numbers and messages recorded before take no place, a
    /// voice note goes to `voice_transcription`, and so does a text of a chat whose voice note waits for its transcript.
    /// - Parameter messages: the delivery's customer messages (``isCustomerMessage(_:)``), in order.
    static func queuedMessages(of messages: [WappiMessage], tenantID: String, sql: any SQLConnection, now: Date,
                               voiceWaitLimit: TimeInterval) async throws -> [QueueName: Int] {
        let logs = MessageLogRepository(sql)
        var counts: [QueueName: Int] = [:]
        var seen: Set<String> = []
        var chatsAwaitingTranscript: Set<ConversationKey> = []
        for message in messages where seen.insert(message.id).inserted {
            let key = ConversationKey(tenantID: tenantID, channel: .whatsapp, chatID: message.chatID)
            if try await isFromWhitelistedNumber(message, tenantID: tenantID, sql: sql) { continue }
            if try await logs.isRecordedIncoming(key: key, messageID: message.id) { continue }
            var behindVoiceNote = message.isVoice
            if !behindVoiceNote {
                behindVoiceNote = try await waitsBehindVoiceNote(key: key, chatsAwaitingTranscript: chatsAwaitingTranscript, logs: logs,
                                                                 since: now.addingTimeInterval(-voiceWaitLimit))
            }
            if behindVoiceNote { chatsAwaitingTranscript.insert(key) }
            counts[behindVoiceNote ? .voice : .incoming, default: 0] += 1
        }
        return counts
    }
}
