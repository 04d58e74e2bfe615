import Foundation
import SaudaCore

extension ContactRepository {
    /// Marks the contact of `key` unreachable: its channel refuses every message to it (a customer who blocked the bot).
    /// Its follow-up touches stop. Nothing when the conversation has no contact.
    /// - Returns: whether a contact was marked now (`false` when it already was, or there is none).
    @discardableResult
    public func markUnreachable(key: ConversationKey, reason: String, now: Date) async throws(StoreError) -> Bool {
        let rows = try await sql.query("""
            UPDATE contacts SET unreachable_at = ?, unreachable_reason = ?, updated_at = ?
            WHERE tenant_id = ? AND channel = ? AND chat_id = ? AND unreachable_at IS NULL
            RETURNING id
            """, [.date(now), .text(String(reason.prefix(500))), .date(now), .text(key.tenantID), .text(key.channel.rawValue),
                  .text(key.chatID)])
        guard let id = rows.first?.optionalInt("id") else { return false }
        try await FollowUpRepository(sql).stop(contactID: id, reason: .unreachable, now: now)
        return true
    }

    /// The customer of `key` wrote: reachable from now on, and (with `connectionID`) the channel connection they wrote
    /// to is remembered (``rememberConnection(key:connectionID:)``), in one statement. Nothing when the conversation has
    /// no contact yet (its turn makes it).
    public func customerWrote(key: ConversationKey, connectionID: String?, now: Date) async throws(StoreError) {
        guard let connectionID else { return try await markReachable(key: key, now: now) }
        try await sql.query("""
            UPDATE contacts SET connection_id = ?, unreachable_at = NULL, unreachable_reason = NULL,
                updated_at = CASE WHEN unreachable_at IS NULL THEN updated_at ELSE ? END
            WHERE tenant_id = ? AND channel = ? AND chat_id = ?
              AND (connection_id IS NULL OR connection_id <> ? OR unreachable_at IS NOT NULL)
            """, [.text(connectionID), .date(now), .text(key.tenantID), .text(key.channel.rawValue), .text(key.chatID), .text(connectionID)])
    }

    /// The contact of `key` wrote again: reachable from now on.
    public func markReachable(key: ConversationKey, now: Date) async throws(StoreError) {
        try await sql.query("""
            UPDATE contacts SET unreachable_at = NULL, unreachable_reason = NULL, updated_at = ?
            WHERE tenant_id = ? AND channel = ? AND chat_id = ? AND unreachable_at IS NOT NULL
            """, [.date(now), .text(key.tenantID), .text(key.channel.rawValue), .text(key.chatID)])
    }

    /// Why the contact is unreachable, when it is.
    public func unreachableReason(contactID: Int64) async throws(StoreError) -> String? {
        try await sql.query("SELECT unreachable_reason FROM contacts WHERE id = ? AND unreachable_at IS NOT NULL", [.int(contactID)])
            .first?.optionalString("unreachable_reason")
    }

    /// Keeps what a channel told of a customer beyond their message: their username, the deep-link parameter they came
    /// with, a phone number they shared. The contact is made (status unknown, as a turn makes a messenger's contact)
    /// when the conversation has none yet; a given value replaces the stored one, a `nil` keeps it.
    public func noteChannelDetails(key: ConversationKey, name: String?, username: String?, startParameter: String?,
                                   sharedPhoneNumber: String?, now: Date) async throws(StoreError) {
        let contact = try await findOrCreate(key: key, phoneNumber: sharedPhoneNumber, profile: ContactProfile(name: name),
                                             initialStatus: .unknown, now: now)
        try await sql.query("""
            UPDATE contacts SET username = COALESCE(?, username), start_parameter = COALESCE(?, start_parameter),
                phone_number = COALESCE(?, phone_number), updated_at = ?
            WHERE id = ?
            """, [.text(username), .text(startParameter), .text(sharedPhoneNumber), .date(now), .int(contact.id)])
    }
}
