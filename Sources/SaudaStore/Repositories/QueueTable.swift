import Foundation
import SaudaCore

/// A message waiting in, or leased from, a queue table.
public struct QueuedMessage: Sendable, Hashable {
    /// Row id; also the delivery tag.
    public var id: Int64
    /// Queue name.
    public var queue: String
    /// Ordering key: messages with the same key are delivered in order, one consumer at a time.
    public var partitionKey: String
    /// Tenant, when known.
    public var tenantID: String?
    /// The JSON body.
    public var payload: String
    /// Deliveries so far, this one included.
    public var attempts: Int
    /// When it was published.
    public var createdAt: Date

    /// Creates a message as a queue delivered it.
    public init(id: Int64, queue: String, partitionKey: String, tenantID: String?, payload: String, attempts: Int, createdAt: Date) {
        self.id = id
        self.queue = queue
        self.partitionKey = partitionKey
        self.tenantID = tenantID
        self.payload = payload
        self.attempts = attempts
        self.createdAt = createdAt
    }
}

/// A message to publish.
public struct QueueItem: Sendable, Hashable {
    /// Ordering key.
    public var partitionKey: String
    /// Tenant, when known.
    public var tenantID: String?
    /// The JSON body.
    public var payload: String

    /// Creates an item.
    public init(partitionKey: String, tenantID: String?, payload: String) {
        self.partitionKey = partitionKey
        self.tenantID = tenantID
        self.payload = payload
    }
}

/// The queue kept in database tables: durable, with leases (redelivery when a consumer dies), retries
/// with backoff, dead letters, time-to-live and a maximum length.
///
/// Every function takes the connection to run on, so that publishing and acknowledging can join the
/// caller's transaction: a reply, its outbox row and the ack of the message it answers commit together.
public struct QueueTable: Sendable {
    let sql: any SQLConnection

    /// Binds the table operations to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    private static let columns = "id, queue, partition_key, tenant_id, payload, attempts, created_at"

    private func decode(_ row: SQLRow) throws(StoreError) -> QueuedMessage {
        QueuedMessage(id: try row.int("id"), queue: try row.string("queue"), partitionKey: try row.string("partition_key"),
                      tenantID: row.optionalString("tenant_id"), payload: try row.string("payload"),
                      attempts: Int(try row.int("attempts")), createdAt: try row.date("created_at"))
    }

    /// Messages in the queue (waiting or leased).
    public func depth(_ queue: String) async throws(StoreError) -> Int {
        let rows = try await sql.query("SELECT COUNT(*) AS n FROM queue_messages WHERE queue = ?", [.text(queue)])
        return Int(rows.first?.optionalInt("n") ?? 0)
    }

    /// Messages in the dead-letter table of a queue.
    public func deadLetterCount(_ queue: String) async throws(StoreError) -> Int {
        let rows = try await sql.query("SELECT COUNT(*) AS n FROM queue_dead_letters WHERE queue = ?", [.text(queue)])
        return Int(rows.first?.optionalInt("n") ?? 0)
    }

    /// Publishes messages, all or none.
    /// - Parameter knownDepth: an upper bound of the queue's depth the caller already knows; the queue is
    ///   counted when it is `nil`.
    /// - Returns: the depth used for the check plus the messages published.
    /// - Throws: ``StoreError/Code/queueFull`` when they would take the queue past its maximum length.
    @discardableResult
    public func publish(_ items: [QueueItem], to limits: QueueLimits, now: Date,
                        knownDepth: Int? = nil) async throws(StoreError) -> Int {
        guard !items.isEmpty else { return knownDepth ?? 0 }
        let depth: Int
        if let knownDepth { depth = knownDepth } else { depth = try await self.depth(limits.name) }
        if depth + items.count > limits.maxLength {
            throw StoreError(.queueFull, "queue \(limits.name) is full (\(depth) of \(limits.maxLength) messages)")
        }
        let expires = now.addingTimeInterval(limits.timeToLive)
        for item in items {
            try await sql.query("""
                INSERT INTO queue_messages (queue, tenant_id, partition_key, payload, attempts, available_at, expires_at, created_at)
                VALUES (?, ?, ?, ?, 0, ?, ?, ?)
                """, [.text(limits.name), .text(item.tenantID), .text(item.partitionKey), .text(item.payload),
                      .date(now), .date(expires), .date(now)])
        }
        return depth + items.count
    }

    /// Leases up to `limit` deliverable messages, oldest first. A message is skipped while an earlier
    /// message of its partition waits for a retry or is leased by another consumer, so partitions stay in order.
    /// Run it in its own transaction.
    /// - Parameter excludingTenants: tenants whose messages are left for a later claim (a dispatcher's fair shares);
    ///   messages without a tenant are never excluded. A partition belongs to one tenant, so its order is kept.
    public func claim(queue: String, limit: Int, owner: String, leaseDuration: Double, now: Date,
                      excludingTenants: Set<String> = []) async throws(StoreError) -> [QueuedMessage] {
        let until = now.addingTimeInterval(leaseDuration)
        let excluded = excludingTenants.sorted()
        let candidates = Self.claimCandidates(limit: limit, excludingTenants: excluded.count)
        let binds: [SQLValue] = [.date(until), .text(owner), .text(queue)] + excluded.map(SQLValue.text)
            + [.date(now), .date(now), .date(now), .date(now), .date(now), .text(owner)]
        let rows: [SQLRow]
        switch sql.dialect {
        case .sqlite:
            rows = try await sql.query("""
                UPDATE queue_messages SET leased_until = ?, lease_owner = ?, attempts = attempts + 1
                WHERE id IN (\(candidates)) RETURNING \(Self.columns)
                """, binds)
        case .postgres:
            try await sql.query("SELECT pg_advisory_xact_lock(hashtext(?))", [.text("queue:" + queue)])
            rows = try await sql.query("""
                UPDATE queue_messages SET leased_until = ?, lease_owner = ?, attempts = attempts + 1
                WHERE id IN (\(candidates) FOR UPDATE SKIP LOCKED) RETURNING \(Self.columns)
                """, binds)
        }
        var messages: [QueuedMessage] = []
        for row in rows { messages.append(try decode(row)) }
        return messages.sorted { $0.id < $1.id }
    }

    /// The ids a claim leases: binds queue, the `excludingTenants` excluded tenant ids, now ×5, owner. It walks the
    /// queue by id (index `idx_queue_order`, no sort) and stops at `limit`; each row's earlier messages are looked up
    /// by conversation and id. An excluded tenant's rows are passed over by a test of the row alone (no window over
    /// the queue), before the partition check; they cost a row read each when the claim walks past them.
    static func claimCandidates(limit: Int, excludingTenants: Int = 0) -> String {
        let tenants = excludingTenants > 0
            ? "AND (q.tenant_id IS NULL OR q.tenant_id NOT IN (\(SQLPlaceholders.list(excludingTenants))))\n  " : ""
        return """
        SELECT q.id FROM queue_messages q
        WHERE q.queue = ? \(tenants)AND q.available_at <= ? AND q.expires_at > ?
          AND (q.leased_until IS NULL OR q.leased_until <= ?)
          AND NOT EXISTS (
            SELECT 1 FROM queue_messages e
            WHERE e.queue = q.queue AND e.partition_key = q.partition_key AND e.id <> q.id
              AND ((e.id < q.id AND e.available_at > ?)
                   OR (e.leased_until > ? AND e.lease_owner <> ?)))
        ORDER BY q.id LIMIT \(SQLLimit.literal(limit))
        """
    }

    /// Removes delivered messages.
    public func ack(_ ids: [Int64]) async throws(StoreError) {
        guard !ids.isEmpty else { return }
        try await sql.query("DELETE FROM queue_messages WHERE id IN (\(SQLPlaceholders.list(ids.count)))", ids.map(SQLValue.int))
    }

    /// Schedules a failed delivery again after `delay` seconds, or dead-letters it once it has had
    /// `maxAttempts` deliveries.
    /// - Returns: whether the message was dead-lettered.
    @discardableResult
    public func retry(_ message: QueuedMessage, error: String, delay: Double, maxAttempts: Int,
                      now: Date) async throws(StoreError) -> Bool {
        if message.attempts >= maxAttempts {
            try await deadLetter([message.id], reason: "max_attempts", error: error, now: now)
            return true
        }
        try await sql.query("""
            UPDATE queue_messages SET available_at = ?, leased_until = NULL, lease_owner = NULL, last_error = ?
            WHERE id = ?
            """, [.date(now.addingTimeInterval(delay)), .text(error), .int(message.id)])
        return false
    }

    /// Moves messages to the dead-letter table.
    public func deadLetter(_ ids: [Int64], reason: String, error: String?, now: Date) async throws(StoreError) {
        guard !ids.isEmpty else { return }
        let list = SQLPlaceholders.list(ids.count)
        try await sql.query("""
            INSERT INTO queue_dead_letters (queue, tenant_id, partition_key, payload, attempts, reason, last_error, created_at, dead_at)
            SELECT queue, tenant_id, partition_key, payload, attempts, ?, COALESCE(?, last_error), created_at, ?
            FROM queue_messages WHERE id IN (\(list))
            """, [.text(reason), .text(error), .date(now)] + ids.map(SQLValue.int))
        try await sql.query("DELETE FROM queue_messages WHERE id IN (\(list))", ids.map(SQLValue.int))
    }

    /// Dead-letters expired messages (reason `expired`) and messages whose lease ran out after their last
    /// allowed delivery (reason `max_attempts`: their consumer died each time).
    /// - Returns: the dead-lettered messages, for logs and metrics.
    public func sweep(queue: String, maxAttempts: Int, now: Date) async throws(StoreError) -> [(QueuedMessage, String)] {
        let expired = try await sql.query("""
            SELECT \(Self.columns) FROM queue_messages
            WHERE queue = ? AND expires_at <= ? AND (leased_until IS NULL OR leased_until <= ?)
            """, [.text(queue), .date(now), .date(now)])
        let poisoned = try await sql.query("""
            SELECT \(Self.columns) FROM queue_messages
            WHERE queue = ? AND attempts >= ? AND leased_until IS NOT NULL AND leased_until <= ? AND expires_at > ?
            """, [.text(queue), .int(maxAttempts), .date(now), .date(now)])
        var result: [(QueuedMessage, String)] = []
        for row in expired { result.append((try decode(row), "expired")) }
        for row in poisoned { result.append((try decode(row), "max_attempts")) }
        try await deadLetter(expired.compactMap { $0.optionalInt("id") }, reason: "expired",
                             error: "time to live passed", now: now)
        try await deadLetter(poisoned.compactMap { $0.optionalInt("id") }, reason: "max_attempts",
                             error: "lease expired after the last allowed delivery", now: now)
        return result
    }

    /// Gives back a leased message to be delivered again at `until`, without counting the delivery.
    public func postpone(owner: String, id: Int64, until: Date) async throws(StoreError) {
        try await sql.query("""
            UPDATE queue_messages SET available_at = ?, leased_until = NULL, lease_owner = NULL, attempts = attempts - 1
            WHERE lease_owner = ? AND id = ?
            """, [.date(until), .text(owner), .int(id)])
    }

    /// Gives back the leases of a consumer that stops cleanly, without counting the delivery.
    public func release(owner: String, ids: [Int64]) async throws(StoreError) {
        guard !ids.isEmpty else { return }
        try await sql.query("""
            UPDATE queue_messages SET leased_until = NULL, lease_owner = NULL, attempts = attempts - 1
            WHERE lease_owner = ? AND id IN (\(SQLPlaceholders.list(ids.count)))
            """, [.text(owner)] + ids.map(SQLValue.int))
    }
}
