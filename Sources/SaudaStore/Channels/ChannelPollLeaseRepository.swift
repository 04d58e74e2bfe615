import Foundation
import SaudaCore

/// Who polls a channel connection (a Telegram bot) now, and how far it has read (`channel_poll_leases`). A provider
/// that allows one reader per connection (Telegram answers a second `getUpdates` with 409) takes the lease before each
/// poll, so that only one process of the installation polls a connection at a time; the offset it keeps survives a
/// restart and passes to the next holder.
public struct ChannelPollLeaseRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// Takes or extends the lease of `connectionID` for `holder` until `until`: granted when nobody holds it, its lease
    /// ran out, or `holder` holds it already.
    /// - Returns: the stored offset when granted; `nil` when another holder's lease runs.
    public func acquire(connectionID: String, tenantID: String, holder: String, until: Date, now: Date) async throws(StoreError) -> Int64? {
        try await sql.query("""
            INSERT INTO channel_poll_leases (connection_id, tenant_id, holder, leased_until, poll_offset, updated_at)
            VALUES (?, ?, NULL, NULL, 0, ?)
            ON CONFLICT (connection_id) DO NOTHING
            """, [.text(connectionID), .text(tenantID), .date(now)])
        let rows = try await sql.query("""
            UPDATE channel_poll_leases SET holder = ?, leased_until = ?, updated_at = ?
            WHERE connection_id = ? AND (holder IS NULL OR holder = ? OR leased_until IS NULL OR leased_until < ?)
            RETURNING poll_offset
            """, [.text(holder), .date(until), .date(now), .text(connectionID), .text(holder), .date(now)])
        return rows.first?.optionalInt("poll_offset")
    }

    /// Stores the offset read up to, while `holder` holds the lease.
    /// - Returns: whether it still held the lease (and the offset was stored).
    @discardableResult
    public func advance(connectionID: String, holder: String, offset: Int64, now: Date) async throws(StoreError) -> Bool {
        let rows = try await sql.query("""
            UPDATE channel_poll_leases SET poll_offset = ?, updated_at = ? WHERE connection_id = ? AND holder = ? RETURNING connection_id
            """, [.int(offset), .date(now), .text(connectionID), .text(holder)])
        return !rows.isEmpty
    }

    /// Gives the lease up (on stop), keeping the offset.
    public func release(connectionID: String, holder: String, now: Date) async throws(StoreError) {
        try await sql.query("""
            UPDATE channel_poll_leases SET holder = NULL, leased_until = NULL, updated_at = ? WHERE connection_id = ? AND holder = ?
            """, [.date(now), .text(connectionID), .text(holder)])
    }

    /// The holder of a running lease, when one runs.
    public func holder(connectionID: String, now: Date) async throws(StoreError) -> String? {
        try await sql.query("SELECT holder FROM channel_poll_leases WHERE connection_id = ? AND leased_until >= ?",
                            [.text(connectionID), .date(now)]).first?.optionalString("holder")
    }

    /// The stored offset (0 before the first poll).
    public func offset(connectionID: String) async throws(StoreError) -> Int64 {
        try await sql.query("SELECT poll_offset FROM channel_poll_leases WHERE connection_id = ?", [.text(connectionID)])
            .first?.optionalInt("poll_offset") ?? 0
    }
}
