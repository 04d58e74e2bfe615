import Foundation
import SaudaCore
import SaudaStore

/// The message an alert sends to the owner's own WhatsApp number (`OWNER_ALERT_CHAT`) through the business's
/// number: «⚠️ Нужен человек: клиент просит человека — Азамат, +77011234567: Позовите оператора». Only for
/// conversations on WhatsApp: the web chat has no owner inbox. The payload names no connection, so the message
/// leaves from the business's first active number (not the one the customer wrote to), and never from another
/// business's: the delivery looks only among the payload's tenant's connections.
public struct OwnerAlertMessage: Sendable {
    /// The owner's phone, digits only.
    public var phone: String
    /// The text.
    public var text: String
    /// The payload of the outgoing queue, encoded; its `outgoing_id` (`alert-…`) is the send's idempotency key.
    public var payload: String
    /// The outbox row's partition key (the owner's chat).
    public var partitionKey: String

    /// How the id of an owner's alert message begins.
    public static let idPrefix = "alert-"

    /// The message of `alert` in the conversation `key` with `contact`, or `nil` when the conversation is not on WhatsApp.
    /// - Throws: what encoding the payload throws.
    public init?(alert: OperatorAlert, key: ConversationKey, contact: Contact, ownerPhone: String) throws {
        guard key.channel == .whatsapp else { return nil }
        let chatID = ownerPhone + "@c.us"
        phone = ownerPhone
        text = Self.text(alert, contact: contact)
        payload = try PayloadCoding.encode(OutgoingMessagePayload(
            phoneNumber: ownerPhone, messageText: text, replyToMessageID: nil, markAsRead: false, tenant: key.tenantID,
            channel: .whatsapp, chatID: chatID, outgoingID: Self.idPrefix + UUID.timeOrdered().uuidString.lowercased()))
        partitionKey = ConversationKey(tenantID: key.tenantID, channel: .whatsapp, chatID: chatID).description
    }

    /// «⚠️ Нужен человек: <reason> — <name, phone>: <summary>».
    static func text(_ alert: OperatorAlert, contact: Contact) -> String {
        // A channel may store the number with its «+» or without: the digits, with one «+».
        let digits = contact.phoneNumber.map { String($0.filter { $0.isASCII && $0.isNumber }) } ?? ""
        let phone = digits.isEmpty ? contact.key.chatID : "+" + digits
        let who = [contact.profile.fullName ?? contact.profile.name, phone].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        let summary = alert.summary.isEmpty ? "" : ": " + alert.summary
        return "⚠️ Нужен человек: \(alert.reason.russianLabel) — \(who)\(summary)"
    }
}
