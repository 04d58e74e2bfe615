import Foundation
import Logging
import SaudaCore
import SaudaStore

/// The business's number (channel connection) a message to a contact leaves from when no customer message of the moment
/// names one: a follow-up touch, an operator's message, a reply to messages that came without a connection.
///
/// It is the connection the customer last wrote to (``Contact/connectionID``) while that connection exists and is not
/// paused. Otherwise it is `nil`, which the channel's delivery takes as the business's first active connection of the
/// channel (and a business without connections as its number of old), and the fallback is logged at notice. Owner
/// alerts go to the business's own people, not to a contact, and carry no connection: they leave from the business's
/// first active number.
enum ContactConnection {
    /// The connection the message to `contact` leaves from, read in `sql`; `nil` for the business's first active one.
    static func resolve(_ contact: Contact, in sql: any SQLConnection, logger: Logger) async throws(StoreError) -> String? {
        guard let id = contact.connectionID else { return nil }
        let connection = try await ChannelConnectionRepository(sql).find(tenantID: contact.key.tenantID, id: id)
        let reason: String
        switch connection {
        case .some(let connection) where connection.provider.channel != contact.key.channel: reason = "of another channel"
        case .some(let connection) where connection.state == .paused: reason = "paused"
        case .some: return id
        case .none: reason = "removed"
        }
        logger.notice("the number the customer wrote to is \(reason): the message leaves from the business's first active number",
                      metadata: ["tenant": "\(contact.key.tenantID)", "contact": "\(contact.id)", "connection": "\(id)"])
        return nil
    }

    /// `message` to `contact`, encoded for the outbox, from the connection ``resolve(_:in:logger:)`` chooses for the
    /// contact as it is now in `sql` (read again: a message may have come to another number since `contact` was read).
    static func payload(_ message: OutgoingMessagePayload, to contact: Contact, in sql: any SQLConnection, logger: Logger) async throws -> String {
        let current = try await ContactRepository(sql).find(id: contact.id) ?? contact
        var routed = message
        routed.connection = try await resolve(current, in: sql, logger: logger)
        return try PayloadCoding.encode(routed)
    }
}
