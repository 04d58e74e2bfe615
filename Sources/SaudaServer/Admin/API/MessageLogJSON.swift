import Foundation
import SaudaCore
import SaudaStore

/// An entry of the message log (`message_logs`, in the earlier system's table layout).
struct MessageLogEntryJSON: Encodable {
    let id: Int64
    let channel: String
    let direction: String
    let messageId: String
    let chatId: String
    let text: String?
    let isVoice: Bool
    let providerStatus: String?
    let queueStatus: String?
    let error: String?
    let createdAt: Date
    let processedAt: Date?

    init(_ entry: MessageLogEntry) {
        id = entry.id
        channel = entry.channel.rawValue
        direction = entry.direction.rawValue
        messageId = entry.messageID
        chatId = entry.chatID
        text = entry.text
        isVoice = entry.isVoice
        providerStatus = entry.providerStatus
        queueStatus = entry.queueStatus
        error = entry.error
        createdAt = entry.createdAt
        processedAt = entry.processedAt
    }
}

/// A page of the message log, newest first.
struct MessageLogPageJSON: Encodable {
    let messages: [MessageLogEntryJSON]
    /// Pass as `before` for the next (older) page; absent on the last page.
    let nextBefore: Int64?
}
