import Foundation
import SaudaCore

/// The CRM's outbox (`crm_syncs`): rows asked for in the transaction that changed a record, claimed with a lease by the
/// CRM sync, and marked synced, postponed or dead.
public struct CRMSyncRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    static let columns = """
        id, tenant_id, subject_kind, subject_id, contact_id, version, synced_version, attempts, outcome_unknown, next_attempt_at,
        last_error, dead_at, created_at, updated_at
        """

    static func decode(_ row: SQLRow) throws(StoreError) -> CRMSync {
        let subjectName = try row.string("subject_kind")
        guard let subject = CRMLinkSubject(rawValue: subjectName) else {
            throw StoreError(.decoding, "crm_syncs names an unknown subject «\(subjectName)»")
        }
        return CRMSync(id: try row.int("id"), tenantID: try row.string("tenant_id"), subject: subject, subjectID: try row.int("subject_id"),
                       contactID: row.optionalInt("contact_id"), version: try row.int("version"),
                       syncedVersion: try row.int("synced_version"), attempts: Int(try row.int("attempts")),
                       outcomeUnknown: row.bool("outcome_unknown"), nextAttemptAt: try row.date("next_attempt_at"),
                       lastError: row.optionalString("last_error"), deadAt: row.optionalDate("dead_at"),
                       createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    /// Asks for the record to be written to the business's CRM, when the business has a CRM connection (in the
    /// transaction that changed the record). A record already waiting keeps its turn (and its backoff) and counts
    /// one more change; a synced one is due now; a dead one comes back to life with its attempts reset, because
    /// its data changed.
    /// - Returns: whether a row was asked for (false when the business has no CRM).
    @discardableResult
    public func request(tenantID: String, subject: CRMLinkSubject, subjectID: Int64, contactID: Int64?, now: Date) async throws(StoreError) -> Bool {
        guard !(try await sql.query("SELECT tenant_id FROM crm_connections WHERE tenant_id = ?", [.text(tenantID)]).isEmpty) else {
            return false
        }
        try await sql.query("""
            INSERT INTO crm_syncs (tenant_id, subject_kind, subject_id, contact_id, version, synced_version, attempts, next_attempt_at,
                created_at, updated_at)
            VALUES (?, ?, ?, ?, 1, 0, 0, ?, ?, ?)
            ON CONFLICT (tenant_id, subject_kind, subject_id) DO UPDATE SET
                version = crm_syncs.version + 1,
                next_attempt_at = CASE WHEN crm_syncs.dead_at IS NOT NULL OR crm_syncs.synced_version >= crm_syncs.version
                    THEN excluded.next_attempt_at ELSE crm_syncs.next_attempt_at END,
                attempts = CASE WHEN crm_syncs.dead_at IS NOT NULL THEN 0 ELSE crm_syncs.attempts END,
                last_error = CASE WHEN crm_syncs.dead_at IS NOT NULL THEN NULL ELSE crm_syncs.last_error END,
                dead_at = NULL,
                updated_at = excluded.updated_at
            """, [.text(tenantID), .text(subject.rawValue), .int(subjectID), .int(contactID), .date(now), .date(now), .date(now)])
        return true
    }

    /// Whether any row is due at `now` (a read, so that an idle sync writes nothing).
    public func hasDue(now: Date) async throws(StoreError) -> Bool {
        !(try await sql.query("""
            SELECT s.id FROM crm_syncs s JOIN crm_connections c ON c.tenant_id = s.tenant_id
            WHERE s.dead_at IS NULL AND s.synced_version < s.version AND s.next_attempt_at <= ?
              AND (s.leased_until IS NULL OR s.leased_until < ?) AND c.state = 'active'
            LIMIT 1
            """, [.date(now), .date(now)]).isEmpty)
    }

    /// Leases up to `limit` rows that are due, not dead and not synced, of businesses whose CRM connection is active,
    /// the longest waiting first. Run it in its own transaction.
    public func claim(limit: Int, owner: String, leaseDuration: TimeInterval, now: Date) async throws(StoreError) -> [CRMSync] {
        let lock = sql.dialect == .postgres ? "FOR UPDATE OF s SKIP LOCKED" : ""
        return try await sql.query("""
            UPDATE crm_syncs SET leased_until = ?, lease_owner = ?
            WHERE id IN (
                SELECT s.id FROM crm_syncs s JOIN crm_connections c ON c.tenant_id = s.tenant_id
                WHERE s.dead_at IS NULL AND s.synced_version < s.version AND s.next_attempt_at <= ?
                  AND (s.leased_until IS NULL OR s.leased_until < ?) AND c.state = 'active'
                ORDER BY s.next_attempt_at, s.id LIMIT \(SQLLimit.literal(limit)) \(lock))
            AND (leased_until IS NULL OR leased_until < ?)
            RETURNING \(Self.columns)
            """, [.date(now.addingTimeInterval(leaseDuration)), .text(owner), .date(now), .date(now), .date(now)])
            .map(Self.decode).sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
    }

    /// Marks `version` of the leased row written; changes made meanwhile keep it pending (due now).
    public func markSynced(id: Int64, version: Int64, owner: String, now: Date) async throws(StoreError) {
        try await sql.query("""
            UPDATE crm_syncs SET synced_version = CASE WHEN synced_version > ? THEN synced_version ELSE ? END, attempts = 0,
                outcome_unknown = \(sql.dialect.false), last_error = NULL, next_attempt_at = ?, leased_until = NULL, lease_owner = NULL,
                updated_at = ?
            WHERE id = ? AND lease_owner = ?
            """, [.int(version), .int(version), .date(now), .date(now), .int(id), .text(owner)])
    }

    /// Gives the leased row back to be tried at `at`, with the reason; `countsAttempt` false for a rate limit's wait
    /// (or a connection that needs a person), and `outcomeUnknown` when a write may have happened.
    public func postpone(id: Int64, owner: String, until at: Date, reason: String, countsAttempt: Bool, outcomeUnknown: Bool,
                         now: Date) async throws(StoreError) {
        try await sql.query("""
            UPDATE crm_syncs SET next_attempt_at = ?, last_error = ?, attempts = attempts + ?,
                outcome_unknown = \(outcomeUnknown ? sql.dialect.true : "outcome_unknown"), leased_until = NULL, lease_owner = NULL,
                updated_at = ?
            WHERE id = ? AND lease_owner = ?
            """, [.date(at), .text(reason), .int(countsAttempt ? 1 : 0), .date(now), .int(id), .text(owner)])
    }

    /// Gives the leased row up (dead), with the reason.
    public func kill(id: Int64, owner: String, reason: String, now: Date) async throws(StoreError) {
        try await sql.query("""
            UPDATE crm_syncs SET dead_at = ?, last_error = ?, leased_until = NULL, lease_owner = NULL, updated_at = ?
            WHERE id = ? AND lease_owner = ?
            """, [.date(now), .text(reason), .date(now), .int(id), .text(owner)])
    }

    /// An admin retries a dead row of the business: due now with its attempts reset.
    /// - Returns: the row as stored now, or `nil` when the business has no such dead row.
    public func retry(tenantID: String, id: Int64, now: Date) async throws(StoreError) -> CRMSync? {
        try await sql.query("""
            UPDATE crm_syncs SET dead_at = NULL, attempts = 0, next_attempt_at = ?, updated_at = ?
            WHERE tenant_id = ? AND id = ? AND dead_at IS NOT NULL RETURNING \(Self.columns)
            """, [.date(now), .date(now), .text(tenantID), .int(id)]).first.map(Self.decode)
    }

    /// Makes every waiting row of the business due now (its CRM connection was fixed or resumed).
    public func wake(tenantID: String, now: Date) async throws(StoreError) {
        try await sql.query("""
            UPDATE crm_syncs SET next_attempt_at = ? WHERE tenant_id = ? AND dead_at IS NULL AND synced_version < version
                AND next_attempt_at > ?
            """, [.date(now), .text(tenantID), .date(now)])
    }

    /// The business's rows in a state (`pending`, `dead`, or all with `nil`), the most recently changed first.
    public func list(tenantID: String, state: String?, limit: Int) async throws(StoreError) -> [CRMSync] {
        let filter = switch state {
        case "dead": " AND dead_at IS NOT NULL"
        case "pending": " AND dead_at IS NULL AND synced_version < version"
        case "synced": " AND dead_at IS NULL AND synced_version >= version"
        default: ""
        }
        return try await sql.query("""
            SELECT \(Self.columns) FROM crm_syncs WHERE tenant_id = ?\(filter) ORDER BY updated_at DESC, id DESC
            LIMIT \(SQLLimit.literal(limit))
            """, [.text(tenantID)]).map(Self.decode)
    }

    /// The rows of a contact's records.
    public func forContact(tenantID: String, contactID: Int64) async throws(StoreError) -> [CRMSync] {
        try await sql.query("SELECT \(Self.columns) FROM crm_syncs WHERE tenant_id = ? AND contact_id = ? ORDER BY id",
                            [.text(tenantID), .int(contactID)]).map(Self.decode)
    }

    /// How many of the business's rows wait and how many are dead.
    public func counts(tenantID: String) async throws(StoreError) -> (pending: Int, dead: Int) {
        let row = try await sql.query("""
            SELECT SUM(CASE WHEN dead_at IS NULL AND synced_version < version THEN 1 ELSE 0 END) AS pending,
                   SUM(CASE WHEN dead_at IS NOT NULL THEN 1 ELSE 0 END) AS dead
            FROM crm_syncs WHERE tenant_id = ?
            """, [.text(tenantID)]).first
        return (Int(row?.optionalInt("pending") ?? 0), Int(row?.optionalInt("dead") ?? 0))
    }
}
