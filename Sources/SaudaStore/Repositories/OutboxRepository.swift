import Foundation
import SaudaCore

/// A row of the transactional outbox: a message to publish once the transaction that wrote it commits.
public struct OutboxEntry: Sendable, Hashable {
    /// Row id.
    public var id: Int64
    /// Tenant.
    public var tenantID: String
    /// Target queue name.
    public var queue: String
    /// Ordering key.
    public var partitionKey: String
    /// JSON body.
    public var payload: String
}

/// The transactional outbox.
public struct OutboxRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// Adds a message to publish.
    /// - Parameter wake: the relay's signal, notified once the row is committed (so the relay takes it at once
    ///   instead of at its next poll); every writer of a row registers it here, not after its own transaction.
    public func add(tenantID: String, queue: String, partitionKey: String, payload: String, now: Date,
                    wake: WakeSignal? = nil) async throws(StoreError) {
        try await sql.query("INSERT INTO outbox (tenant_id, queue, partition_key, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                            [.text(tenantID), .text(queue), .text(partitionKey), .text(payload), .date(now)])
        if let wake { sql.afterCommit { wake.notify() } }
    }

    /// Makes this transaction the only relay of the outbox until it ends (PostgreSQL, where several processes may
    /// relay: one at a time keeps each conversation's messages in order). SQLite has one writer anyway.
    /// - Returns: `false` when another process's relay holds it.
    public func takeRelayTurn() async throws(StoreError) -> Bool {
        guard sql.dialect == .postgres else { return true }
        return try await sql.query("SELECT pg_try_advisory_xact_lock(7451290) AS taken").first?.optionalBool("taken") ?? false
    }

    /// The oldest rows not relayed yet.
    /// - Parameter excludingQueues: queues whose rows wait (their queue on the broker is full); the other queues' rows
    ///   go on.
    public func pending(limit: Int, excludingQueues: Set<String> = []) async throws(StoreError) -> [OutboxEntry] {
        let lock = sql.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let excluded = excludingQueues.sorted()
        let filter = excluded.isEmpty ? "" : " AND queue NOT IN (\(SQLPlaceholders.list(excluded.count)))"
        let rows = try await sql.query("""
            SELECT id, tenant_id, queue, partition_key, payload FROM outbox WHERE relayed_at IS NULL\(filter) \
            ORDER BY id LIMIT \(SQLLimit.literal(limit))\(lock)
            """, excluded.map { SQLValue.text($0) })
        var entries: [OutboxEntry] = []
        for row in rows {
            entries.append(OutboxEntry(id: try row.int("id"), tenantID: try row.string("tenant_id"), queue: try row.string("queue"),
                                       partitionKey: try row.string("partition_key"), payload: try row.string("payload")))
        }
        return entries
    }

    /// Removes rows that were relayed: their messages are in their queues now, and a reply itself stays in
    /// `messages`. (Relayed rows used to be kept and marked: the outbox grew by a reply's payload, about 1 KiB,
    /// with every reply, and was the largest table of the database.)
    public func removeRelayed(_ ids: [Int64]) async throws(StoreError) {
        guard !ids.isEmpty else { return }
        try await sql.query("DELETE FROM outbox WHERE id IN (\(SQLPlaceholders.list(ids.count)))", ids.map(SQLValue.int))
    }

    /// Rows waiting to be relayed.
    public func pendingCount() async throws(StoreError) -> Int {
        Int(try await sql.query("SELECT COUNT(*) AS n FROM outbox WHERE relayed_at IS NULL").first?.optionalInt("n") ?? 0)
    }
}
