import Foundation
import Logging
import SaudaBus
import SaudaCore
import SaudaStore

/// What the business's people do to a tenant's conversations and settings, in one implementation that the admin API,
/// the operator console and the command line all call: taking a chat over and handing it back, writing to a customer
/// as the business, and keeping the whitelist and the knowledge base. Each action validates its input, writes in one
/// transaction and throws ``OperatorActionError`` for what it refuses.
public struct OperatorActions: Sendable {
    let database: any Database
    let outboxSignal: WakeSignal?
    let logger: Logger

    /// How long a takeover lasts unless the operator names a time or hands back earlier: a forgotten takeover
    /// must not silence the bot for good.
    public static let defaultTakeover: Duration = .seconds(12 * 3600)

    /// The longest message an operator may send (WhatsApp's own limit is about 65 000).
    public static let maximumTextLength = 4096

    /// Creates the actions.
    /// - Parameter outboxSignal: the outbox relay's signal, woken when an operator's message is queued.
    public init(database: any Database, outboxSignal: WakeSignal?, logger: Logger) {
        self.database = database
        self.outboxSignal = outboxSignal
        self.logger = logger
    }

    // MARK: takeover

    /// An operator takes the chat over: the bot stays silent in it until `until` (default: ``defaultTakeover``) or
    /// until handed back, and the contact's follow-up touches stop (``FollowUpPolicy/takeover``).
    /// - Returns: the contact as it is now.
    /// - Throws: ``OperatorActionError`` `.invalid` for a takeover that would end in the past.
    public func takeOver(_ contact: Contact, until: Date? = nil, by operatorName: String) async throws -> Contact {
        let now = Date()
        let end = until ?? now.addingTimeInterval(Self.defaultTakeover.timeInterval)
        guard end > now else { throw OperatorActionError(.invalid, "the takeover must end in the future") }
        try await database.transaction { sql in
            try await ContactRepository(sql).setOperatorPause(contactID: contact.id, until: end, by: operatorName, now: now)
            try await FollowUpRepository(sql).stop(contactID: contact.id, reason: FollowUpPolicy.takeover, now: now)
        }
        logger.info("an operator took a chat over",
                    metadata: ["tenant": "\(contact.key.tenantID)", "contact": "\(contact.id)", "operator": "\(operatorName)"])
        var changed = contact
        changed.botPausedUntil = end
        return changed
    }

    /// The operator hands the chat back: the bot answers the next customer message again.
    /// - Returns: the contact as it is now.
    public func handBack(_ contact: Contact, by operatorName: String) async throws -> Contact {
        try await database.transaction { sql in
            try await ContactRepository(sql).setOperatorPause(contactID: contact.id, until: nil, by: nil, now: Date())
        }
        logger.info("an operator handed a chat back",
                    metadata: ["tenant": "\(contact.key.tenantID)", "contact": "\(contact.id)", "operator": "\(operatorName)"])
        var changed = contact
        changed.botPausedUntil = nil
        return changed
    }

    // MARK: writing as the business

    /// Writes to the customer as the business: the message is stored in the conversation and queued for the channel
    /// in one transaction, and goes out through the sender like the bot's replies, from the number the customer last
    /// wrote to (``ContactConnection``).
    /// - Throws: ``OperatorActionError`` `.invalid` for an empty or too long text, `.conflict` when it was not stored.
    @discardableResult
    public func write(to contact: Contact, text raw: String, by operatorName: String) async throws -> StoredMessage {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw OperatorActionError(.invalid, "field «text» is empty") }
        guard text.count <= Self.maximumTextLength else {
            throw OperatorActionError(.invalid, "field «text» is longer than \(Self.maximumTextLength) characters")
        }
        let key = contact.key
        let messageID = OutgoingMessagePayload.operatorIDPrefix + UUID.random().uuidString.lowercased()
        let unrouted = OutgoingMessagePayload(
            phoneNumber: contact.phoneNumber ?? key.chatID, messageText: text, replyToMessageID: nil, markAsRead: true,
            tenant: key.tenantID, channel: key.channel, chatID: key.chatID, outgoingID: messageID)
        let now = Date()
        let (wake, logger) = (outboxSignal, logger)
        let stored = try await database.transaction { sql -> StoredMessage? in
            let payload = try await ContactConnection.payload(unrouted, to: contact, in: sql, logger: logger)
            let message = try await MessageRepository(sql).storeHumanMessage(contact: contact, messageID: messageID, text: text, sentAt: now,
                                                                           deliveryStatus: "queued")
            try await OutboxRepository(sql).add(tenantID: key.tenantID, queue: QueueName.outgoing.rawValue, partitionKey: key.description,
                                                payload: payload, now: now, wake: wake)
            try await ContactRepository(sql).touch(contactID: contact.id, now: now)
            return message
        }
        guard let stored else { throw OperatorActionError(.conflict, "the message could not be stored; try again") }
        logger.info("an operator wrote to a customer", metadata: [
            "tenant": "\(key.tenantID)", "chat": "\(key.chatID)", "message_id": "\(messageID)", "operator": "\(operatorName)"])
        return stored
    }
}
