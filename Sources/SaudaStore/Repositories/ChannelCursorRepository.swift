import Foundation
import SaudaCore

/// How far inbound polling has read each chat (and, under the chat id `*`, when the profile was first
/// polled), so that a restart neither loses nor repeats messages.
public struct ChannelCursorRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// A chat's cursor: the time of the newest message read and its id.
    public struct Cursor: Sendable, Hashable {
        /// Time of the newest message read.
        public var time: Date
        /// Its provider id, when known.
        public var messageID: String?
    }

    /// The cursors of a tenant's channel by chat id.
    public func cursors(tenantID: String, channel: Channel) async throws(StoreError) -> [String: Cursor] {
        let rows = try await sql.query("SELECT chat_id, last_time, last_message_id FROM channel_cursors WHERE tenant_id = ? AND channel = ?",
                                       [.text(tenantID), .text(channel.rawValue)])
        var cursors: [String: Cursor] = [:]
        for row in rows {
            cursors[try row.string("chat_id")] = Cursor(time: try row.date("last_time"), messageID: row.optionalString("last_message_id"))
        }
        return cursors
    }

    /// Moves a chat's cursor forward (never back).
    public func advance(tenantID: String, channel: Channel, chatID: String, to time: Date, messageID: String? = nil,
                        now: Date) async throws(StoreError) {
        try await sql.query("""
            INSERT INTO channel_cursors (tenant_id, channel, chat_id, last_time, last_message_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, channel, chat_id) DO UPDATE SET
                last_message_id = CASE WHEN excluded.last_time >= channel_cursors.last_time
                    THEN COALESCE(excluded.last_message_id, channel_cursors.last_message_id) ELSE channel_cursors.last_message_id END,
                last_time = CASE WHEN excluded.last_time > channel_cursors.last_time THEN excluded.last_time ELSE channel_cursors.last_time END,
                updated_at = excluded.updated_at
            """, [.text(tenantID), .text(channel.rawValue), .text(chatID), .date(time), .text(messageID), .date(now)])
    }
}
