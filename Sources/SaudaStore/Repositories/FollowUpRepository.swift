import Foundation
import SaudaCore

/// A chain of follow-up touches for one contact (`follow_ups`, in the earlier system's table layout).
public struct FollowUp: Sendable, Hashable {
    /// Row id.
    public var id: Int64
    /// Tenant.
    public var tenantID: String
    /// The contact followed up.
    public var contactID: Int64
    /// The touch to send next (1–5); after the fifth, the chain is completed and this stays 5.
    public var touchNumber: Int
    /// When the next touch is due.
    public var nextTouchAt: Date?
    /// When the last touch went out.
    public var lastTouchAt: Date?
    /// Whether the chain has ended.
    public var isCompleted: Bool
    /// Why it ended (`FollowUpStopReason` raw values) or, while it runs, why it started (`FollowUpStartReason` raw
    /// values), as stored; see ``endReason`` and ``startReason``.
    public var stopReason: String?
    /// When the chain started.
    public var createdAt: Date

    /// Why the chain ended; `nil` while it runs.
    public var endReason: FollowUpStopReason? {
        isCompleted ? stopReason.flatMap(FollowUpStopReason.init(rawValue:)) : nil
    }

    /// Why the running chain started; `nil` once it ended.
    public var startReason: FollowUpStartReason? {
        isCompleted ? nil : stopReason.flatMap(FollowUpStartReason.init(rawValue:))
    }
}

/// Follow-up chains. Sending a touch is a compare-and-set on the chain's touch number inside the transaction
/// that stores the touch and queues it: when two agent processes take the same due chain, one update finds
/// the touch already advanced and its transaction is rolled back, so no touch is ever sent twice.
public struct FollowUpRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    private static let columns = "id, tenant_id, contact_id, touch_number, next_touch_at, last_touch_at, is_completed, stop_reason, created_at"

    private static func decode(_ row: SQLRow) throws(StoreError) -> FollowUp {
        FollowUp(id: try row.int("id"), tenantID: try row.string("tenant_id"), contactID: try row.int("contact_id"),
                 touchNumber: Int(try row.int("touch_number")), nextTouchAt: row.optionalDate("next_touch_at"),
                 lastTouchAt: row.optionalDate("last_touch_at"), isCompleted: row.bool("is_completed"),
                 stopReason: row.optionalString("stop_reason"), createdAt: try row.date("created_at"))
    }

    /// The running chain of a contact.
    public func active(contactID: Int64) async throws(StoreError) -> FollowUp? {
        let rows = try await sql.query("""
            SELECT \(Self.columns) FROM follow_ups WHERE contact_id = ? AND is_completed = \(sql.dialect.false) ORDER BY id DESC LIMIT 1
            """, [.int(contactID)])
        return try rows.first.map(Self.decode)
    }

    /// Every chain of a contact, newest first.
    public func all(contactID: Int64) async throws(StoreError) -> [FollowUp] {
        let rows = try await sql.query("SELECT \(Self.columns) FROM follow_ups WHERE contact_id = ? ORDER BY id DESC", [.int(contactID)])
        var chains: [FollowUp] = []
        for row in rows { chains.append(try Self.decode(row)) }
        return chains
    }

    /// Running chains of a tenant, soonest touch first.
    public func running(tenantID: String, limit: Int, offset: Int = 0) async throws(StoreError) -> [FollowUp] {
        let rows = try await sql.query("""
            SELECT \(Self.columns) FROM follow_ups WHERE tenant_id = ? AND is_completed = \(sql.dialect.false)
            ORDER BY next_touch_at, id LIMIT \(SQLLimit.literal(limit)) OFFSET \(SQLLimit.literal(offset))
            """, [.text(tenantID)])
        var chains: [FollowUp] = []
        for row in rows { chains.append(try Self.decode(row)) }
        return chains
    }

    /// Ends the running chain of a contact, if any.
    /// - Returns: whether a chain was running.
    @discardableResult
    public func stop(contactID: Int64, reason: FollowUpStopReason, now: Date) async throws(StoreError) -> Bool {
        let rows = try await sql.query("""
            UPDATE follow_ups SET is_completed = ?, stop_reason = ?, next_touch_at = NULL
            WHERE contact_id = ? AND is_completed = \(sql.dialect.false) RETURNING id
            """, [.bool(true), .text(reason.rawValue), .int(contactID)])
        return !rows.isEmpty
    }

    /// Ends the running chain (``FollowUpPolicy/superseded``: the client wrote again) and starts a new one with its
    /// first touch due at `firstTouchAt`.
    public func restart(tenantID: String, contactID: Int64, reason: FollowUpStartReason, firstTouchAt: Date,
                        now: Date) async throws(StoreError) {
        try await stop(contactID: contactID, reason: FollowUpPolicy.superseded, now: now)
        try await sql.query("""
            INSERT INTO follow_ups (tenant_id, contact_id, touch_number, next_touch_at, is_completed, stop_reason, created_at)
            VALUES (?, ?, 1, ?, ?, ?, ?)
            """, [.text(tenantID), .int(contactID), .date(firstTouchAt), .bool(false), .text(reason.rawValue), .date(now)])
    }

    /// Running chains whose next touch is due, oldest due first.
    public func due(now: Date, limit: Int) async throws(StoreError) -> [FollowUp] {
        let rows = try await sql.query("""
            SELECT \(Self.columns) FROM follow_ups WHERE is_completed = \(sql.dialect.false) AND next_touch_at <= ?
            ORDER BY next_touch_at, id LIMIT \(SQLLimit.literal(limit))
            """, [.date(now)])
        var chains: [FollowUp] = []
        for row in rows { chains.append(try Self.decode(row)) }
        return chains
    }

    /// Moves the next touch of a running chain to `moment`, if it still waits for touch `touch`.
    public func postpone(id: Int64, touch: Int, to moment: Date) async throws(StoreError) {
        try await sql.query("""
            UPDATE follow_ups SET next_touch_at = ? WHERE id = ? AND touch_number = ? AND is_completed = \(sql.dialect.false)
            """, [.date(moment), .int(id), .int(touch)])
    }

    /// Records that touch `touch` of a chain went out, if the chain still waits for exactly that touch.
    /// - Parameter nextTouchAt: when the following touch is due; `nil` after the last touch, which completes the chain
    ///   (``FollowUpPolicy/completed``).
    /// - Returns: whether this call advanced the chain (false: another process sent the touch, or the chain ended).
    public func advance(id: Int64, from touch: Int, nextTouchAt: Date?, now: Date) async throws(StoreError) -> Bool {
        let rows = try await sql.query("""
            UPDATE follow_ups SET touch_number = ?, last_touch_at = ?, next_touch_at = ?, is_completed = ?,
                stop_reason = COALESCE(?, stop_reason)
            WHERE id = ? AND touch_number = ? AND is_completed = \(sql.dialect.false) RETURNING id
            """, [.int(nextTouchAt == nil ? touch : touch + 1), .date(now), .date(nextTouchAt), .bool(nextTouchAt == nil),
                  .text(nextTouchAt == nil ? FollowUpPolicy.completed.rawValue : nil), .int(id), .int(touch)])
        return !rows.isEmpty
    }
}
