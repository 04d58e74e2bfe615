import Foundation
import SaudaCore

extension ContactRepository {
    /// Remembers the channel connection (the business's number) the customer of `key`'s conversation wrote to; nothing
    /// when the conversation has no contact yet (its turn makes it and remembers the connection then).
    public func rememberConnection(key: ConversationKey, connectionID: String) async throws(StoreError) {
        try await sql.query("""
            UPDATE contacts SET connection_id = ?
            WHERE tenant_id = ? AND channel = ? AND chat_id = ? AND (connection_id IS NULL OR connection_id <> ?)
            """, [.text(connectionID), .text(key.tenantID), .text(key.channel.rawValue), .text(key.chatID), .text(connectionID)])
    }

    /// Remembers the channel connection the contact's customer wrote to.
    public func rememberConnection(contactID: Int64, connectionID: String) async throws(StoreError) {
        try await sql.query("UPDATE contacts SET connection_id = ? WHERE id = ? AND (connection_id IS NULL OR connection_id <> ?)",
                            [.text(connectionID), .int(contactID), .text(connectionID)])
    }
}
