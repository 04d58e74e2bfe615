import Foundation

/// A call booked with a client.
public struct ScheduledCall: Sendable, Hashable {
    /// Row id.
    public var id: Int64
    /// Tenant.
    public var tenantID: String
    /// The client.
    public var contactID: Int64
    /// When.
    public var scheduledAt: Date
    /// The tenant's time zone at booking.
    public var timeZone: String
    /// `scheduled`, `done` or `cancelled`.
    public var status: String
    /// The manager who calls, when assigned.
    public var manager: String?
    /// Notes for the manager.
    public var notes: String?
}

/// Booked calls (`scheduled_calls`, in the earlier system's table layout). One slot of one manager is booked at most
/// once: a unique index over scheduled calls makes a second booking fail even when two agent processes race.
public struct ScheduledCallRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    private static let columns = "id, tenant_id, contact_id, scheduled_at, timezone, status, manager, notes"

    private static func decode(_ row: SQLRow) throws(StoreError) -> ScheduledCall {
        ScheduledCall(id: try row.int("id"), tenantID: try row.string("tenant_id"), contactID: try row.int("contact_id"),
                      scheduledAt: try row.date("scheduled_at"), timeZone: try row.string("timezone"), status: try row.string("status"),
                      manager: row.optionalString("manager"), notes: row.optionalString("notes"))
    }

    /// Books a call.
    /// - Throws: ``StoreError`` `conflict` when the slot of that manager is taken.
    public func book(tenantID: String, contactID: Int64, at date: Date, timeZone: String, manager: String?, notes: String?,
                     now: Date) async throws(StoreError) -> ScheduledCall {
        let rows = try await sql.query("""
            INSERT INTO scheduled_calls (tenant_id, contact_id, scheduled_at, timezone, status, manager, notes, created_at)
            VALUES (?, ?, ?, ?, 'scheduled', ?, ?, ?) RETURNING \(Self.columns)
            """, [.text(tenantID), .int(contactID), .date(date), .text(timeZone), .text(manager), .text(notes), .date(now)])
        guard let row = rows.first else { throw StoreError(.statement, "the booking returned no row") }
        return try Self.decode(row)
    }

    /// Sets the status of the business's call (`cancelled`, `done`), and moves it to `at` when given; with `onlyIf`, only
    /// a call whose status is that one (a move does not bring back a cancelled call).
    /// - Returns: the call as stored now, or `nil` when the business has no such call (in that status).
    @discardableResult
    public func update(tenantID: String, id: Int64, status: String, at date: Date? = nil, onlyIf current: String? = nil) async throws(StoreError) -> ScheduledCall? {
        try await sql.query("""
            UPDATE scheduled_calls SET status = ?, scheduled_at = COALESCE(?, scheduled_at)
            WHERE tenant_id = ? AND id = ? AND status = COALESCE(?, status)
            RETURNING \(Self.columns)
            """, [.text(status), .date(date), .text(tenantID), .int(id), .text(current)]).first.map(Self.decode)
    }

    /// Scheduled calls of a contact, soonest first.
    public func upcoming(contactID: Int64) async throws(StoreError) -> [ScheduledCall] {
        let rows = try await sql.query("""
            SELECT \(Self.columns) FROM scheduled_calls WHERE contact_id = ? AND status = 'scheduled' ORDER BY scheduled_at
            """, [.int(contactID)])
        var calls: [ScheduledCall] = []
        for row in rows { calls.append(try Self.decode(row)) }
        return calls
    }

    /// A tenant's calls with `status` (any when nil) between `from` and `to`, soonest first.
    public func list(tenantID: String, status: String?, from: Date?, to: Date?, limit: Int, offset: Int) async throws(StoreError) -> [ScheduledCall] {
        var conditions = ["tenant_id = ?"]
        var binds: [SQLValue] = [.text(tenantID)]
        if let status { conditions.append("status = ?"); binds.append(.text(status)) }
        if let from { conditions.append("scheduled_at >= ?"); binds.append(.date(from)) }
        if let to { conditions.append("scheduled_at < ?"); binds.append(.date(to)) }
        let rows = try await sql.query("""
            SELECT \(Self.columns) FROM scheduled_calls WHERE \(conditions.joined(separator: " AND "))
            ORDER BY scheduled_at, id LIMIT \(SQLLimit.literal(limit)) OFFSET \(SQLLimit.literal(offset))
            """, binds)
        var calls: [ScheduledCall] = []
        for row in rows { calls.append(try Self.decode(row)) }
        return calls
    }

    /// The times of a tenant's scheduled calls.
    public func scheduledTimes(tenantID: String) async throws(StoreError) -> Set<Date> {
        let rows = try await sql.query("SELECT scheduled_at FROM scheduled_calls WHERE tenant_id = ? AND status = 'scheduled'",
                                       [.text(tenantID)])
        return Set(try rows.map { row throws(StoreError) in try row.date("scheduled_at") })
    }
}
