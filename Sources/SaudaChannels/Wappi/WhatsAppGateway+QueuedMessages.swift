import Foundation
import SaudaCore
import SaudaStore

extension WhatsAppGateway {
    /// How many of a delivery's customer messages each queue would take, found by reads alone, as
    /// ``accept(tenantID:events:now:)`` routes them: whitelisted numbers and messages recorded before take no place, a
    /// voice note goes to `voice_transcription`, and so does a text of a chat whose voice note waits for its transcript.
    /// - Parameter messages: the delivery's `incoming_message` events not sent by the business, in order.
    static func queuedMessages(of messages: [WappiMessage], tenantID: String, sql: any SQLConnection, now: Date,
                               voiceWaitLimit: TimeInterval) async throws -> [QueueName: Int] {
        let logs = MessageLogRepository(sql)
        let tenants = TenantRepository(sql)
        var counts: [QueueName: Int] = [:]
        var seen: Set<String> = []
        var chatsAwaitingTranscript: Set<ConversationKey> = []
        for message in messages where seen.insert(message.id).inserted {
            let key = ConversationKey(tenantID: tenantID, channel: .whatsapp, chatID: message.chatID)
            if try await tenants.isWhitelisted(tenantID: tenantID, phoneNumber: PhoneNumber.normalize(message.from) ?? message.phoneNumber) {
                continue
            }
            if try await logs.isRecordedIncoming(key: key, messageID: message.id) { continue }
            var behindVoiceNote = message.isVoice || chatsAwaitingTranscript.contains(key)
            if !behindVoiceNote {
                behindVoiceNote = try await logs.hasVoiceAwaitingTranscript(key: key, since: now.addingTimeInterval(-voiceWaitLimit))
            }
            if behindVoiceNote { chatsAwaitingTranscript.insert(key) }
            counts[behindVoiceNote ? .voice : .incoming, default: 0] += 1
        }
        return counts
    }
}
