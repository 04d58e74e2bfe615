import Foundation
import SaudaCore
import SaudaStore

/// What a turn reads before it decides (the first of its three steps): the stored contact, which of the delivered
/// messages a turn has handled already, the recent history, the conversation's earlier accepted messages no turn
/// has taken yet, and the business name. Reading writes nothing: the messages are safe in the queue and the
/// message log until the commit.
struct TurnSnapshot: Sendable {
    /// The stored contact, `nil` for a new one.
    var contact: Contact?
    /// Ids of delivered messages a turn has handled before.
    var handledIDs: Set<String>
    /// The latest stored messages, oldest first.
    var history: [StoredMessage]
    /// Stored customer messages of an unknown contact (only their count decides when it is classified); 0 otherwise.
    var customerCount: Int
    /// The conversation's accepted messages no turn has taken (read only when turns fold them in).
    var pending: [MessageLogEntry]
    /// The tenant's name.
    var businessName: String

    /// Reads the snapshot of `key`'s conversation for the delivered `payloads`, on the writer's connection: its pages
    /// are in its cache, where a reader would read them back after each commit.
    static func read(key: ConversationKey, payloads: [IncomingMessagePayload], settings: AgentSettings, database: any Database,
                     tenants: TenantDirectory) async throws -> TurnSnapshot {
        let (limit, foldsEarlier) = (settings.maxContextMessages, settings.foldsEarlierAccepted)
        var snapshot = try await database.readOnWriter { sql in
            let stored = try await ContactRepository(sql).find(key: key)
            let pending = foldsEarlier ? try await MessageLogRepository(sql).pendingIncoming(key: key) : []
            var read = TurnSnapshot(contact: stored, handledIDs: [], history: [], customerCount: 0, pending: pending, businessName: "")
            guard let stored else { return read }
            let messages = MessageRepository(sql)
            for payload in payloads {
                if let message = try await messages.find(contactID: stored.id, messageID: payload.messageID), message.handledAt != nil {
                    read.handledIDs.insert(payload.messageID)
                }
            }
            read.history = try await messages.recent(contactID: stored.id, limit: limit)
            // Only an unknown contact is classified, and only its count of messages decides when.
            if stored.status == .unknown {
                read.customerCount = try await messages.customerMessagesCount(contactID: stored.id)
            }
            return read
        }
        snapshot.businessName = try await tenants.tenant(key.tenantID)?.name ?? ""
        return snapshot
    }

    /// The messages of the turn: the delivered ones, after the earlier accepted ones no turn has taken yet when turns
    /// fold them in (see ``TurnProcessor/withEarlierAccepted(_:pending:key:)``).
    func turnMessages(_ delivered: [IncomingMessagePayload], key: ConversationKey, foldsEarlier: Bool) -> [IncomingMessagePayload] {
        foldsEarlier ? TurnProcessor.withEarlierAccepted(delivered, pending: pending, key: key) : delivered
    }

    /// The turn's messages no turn has handled, each once.
    func unhandled(_ messages: [IncomingMessagePayload]) -> [IncomingMessagePayload] {
        var seen = handledIDs
        return messages.filter { seen.insert($0.messageID).inserted }
    }

    /// The conversation for the models, `fresh` messages that are not stored yet appended, the latest `limit`; and the
    /// contact's count of customer messages with them.
    func conversation(adding fresh: [IncomingMessagePayload], limit: Int) -> (history: [ConversationMessage], customerCount: Int) {
        let storedIDs = Set(history.map(\.messageID))
        let unstored = fresh.filter { !storedIDs.contains($0.messageID) }
        let conversation = history.map(\.conversationMessage)
            + unstored.map { ConversationMessage(author: .customer, text: $0.messageText, sentAt: $0.sentAt) }
        return (Array(conversation.suffix(limit)), customerCount + unstored.count)
    }
}
