import Foundation
import SaudaCore

/// How far inbound polling has read each chat (and, under the chat id `*`, when the profile was first
/// polled), so that a restart neither loses nor repeats messages.
public struct ChannelCursorRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// The cursors of a tenant's channel by chat id.
    public func cursors(tenantID: String, channel: Channel) async throws(StoreError) -> [String: Date] {
        let rows = try await sql.query("SELECT chat_id, last_time FROM channel_cursors WHERE tenant_id = ? AND channel = ?",
                                       [.text(tenantID), .text(channel.rawValue)])
        var cursors: [String: Date] = [:]
        for row in rows { cursors[try row.string("chat_id")] = try row.date("last_time") }
        return cursors
    }

    /// Moves a chat's cursor forward (never back).
    public func advance(tenantID: String, channel: Channel, chatID: String, to time: Date, now: Date) async throws(StoreError) {
        try await sql.query("""
            INSERT INTO channel_cursors (tenant_id, channel, chat_id, last_time, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, channel, chat_id) DO UPDATE SET
                last_time = CASE WHEN excluded.last_time > channel_cursors.last_time THEN excluded.last_time ELSE channel_cursors.last_time END,
                updated_at = excluded.updated_at
            """, [.text(tenantID), .text(channel.rawValue), .text(chatID), .date(time), .date(now)])
    }
}
