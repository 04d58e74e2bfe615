import Foundation
import SaudaCore

/// How far inbound polling has read each chat (and, under the chat id `*`, when the profile was first
/// polled), so that a restart neither loses nor repeats messages.
///
/// Cursors are kept per channel connection (one WhatsApp number): a connection's are stored under the channel
/// `whatsapp:<connection id>`; those of the installation's number of old (`WAPPI_*` before channel connections) under
/// the channel alone, and ``copy(tenantID:channel:toConnection:now:)`` hands them to the connection made from it.
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

    /// The key the cursors of a channel connection are stored under; the channel alone without one.
    static func key(_ channel: Channel, connectionID: String?) -> String {
        connectionID.map { "\(channel.rawValue):\($0)" } ?? channel.rawValue
    }

    /// The cursors of a tenant's channel by chat id.
    /// - Parameter connectionID: the channel connection polled; `nil` for the installation's number of old.
    public func cursors(tenantID: String, channel: Channel, connectionID: String? = nil) async throws(StoreError) -> [String: Cursor] {
        let rows = try await sql.query("SELECT chat_id, last_time, last_message_id FROM channel_cursors WHERE tenant_id = ? AND channel = ?",
                                       [.text(tenantID), .text(Self.key(channel, connectionID: connectionID))])
        var cursors: [String: Cursor] = [:]
        for row in rows {
            cursors[try row.string("chat_id")] = Cursor(time: try row.date("last_time"), messageID: row.optionalString("last_message_id"))
        }
        return cursors
    }

    /// Moves a chat's cursor forward (never back).
    public func advance(tenantID: String, channel: Channel, connectionID: String? = nil, chatID: String, to time: Date,
                        messageID: String? = nil, now: Date) async throws(StoreError) {
        try await sql.query("""
            INSERT INTO channel_cursors (tenant_id, channel, chat_id, last_time, last_message_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, channel, chat_id) DO UPDATE SET
                last_message_id = CASE WHEN excluded.last_time >= channel_cursors.last_time
                    THEN COALESCE(excluded.last_message_id, channel_cursors.last_message_id) ELSE channel_cursors.last_message_id END,
                last_time = CASE WHEN excluded.last_time > channel_cursors.last_time THEN excluded.last_time ELSE channel_cursors.last_time END,
                updated_at = excluded.updated_at
            """, [.text(tenantID), .text(Self.key(channel, connectionID: connectionID)), .text(chatID), .date(time), .text(messageID),
                  .date(now)])
    }

    /// Gives a connection the cursors stored for its business's channel without one (the number of old), so that the
    /// connection made from `WAPPI_*` goes on where polling stopped; cursors it already has are kept.
    public func copy(tenantID: String, channel: Channel, toConnection connectionID: String, now: Date) async throws(StoreError) {
        try await sql.query("""
            INSERT INTO channel_cursors (tenant_id, channel, chat_id, last_time, last_message_id, updated_at)
            SELECT tenant_id, ?, chat_id, last_time, last_message_id, ? FROM channel_cursors WHERE tenant_id = ? AND channel = ?
            ON CONFLICT (tenant_id, channel, chat_id) DO NOTHING
            """, [.text(Self.key(channel, connectionID: connectionID)), .date(now), .text(tenantID), .text(channel.rawValue)])
    }
}
