import Foundation

/// One of Sauda's records waiting to be written to the business's CRM, or written (`crm_syncs`, the CRM's outbox).
///
/// ``version`` counts the record's changes and ``syncedVersion`` is the last one the CRM has, so several changes
/// between two sends make one write of the latest state. A row is dead (``deadAt``) when the CRM refused it for good or
/// it ran out of attempts; it waits there, with ``lastError``, until an admin retries it or the record changes again.
public struct CRMSync: Sendable, Hashable, Codable {
    /// Row id.
    public var id: Int64
    /// The business.
    public var tenantID: String
    /// What is written.
    public var subject: CRMLinkSubject
    /// The id of Sauda's record.
    public var subjectID: Int64
    /// The contact the record belongs to.
    public var contactID: Int64?
    /// How many times the record changed.
    public var version: Int64
    /// The last version the CRM has.
    public var syncedVersion: Int64
    /// Failed attempts since the last success (a rate limit's wait is not one).
    public var attempts: Int
    /// Whether a write may have happened without its answer: the next attempt looks the record up first.
    public var outcomeUnknown: Bool
    /// When the next attempt may run.
    public var nextAttemptAt: Date
    /// Why the last attempt failed.
    public var lastError: String?
    /// When it was given up.
    public var deadAt: Date?
    /// When it was first asked for.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Whether the CRM has the record's latest version.
    public var isSynced: Bool { syncedVersion >= version }

    /// Its state in a word: `synced`, `pending` or `dead`.
    public var state: String { deadAt != nil ? "dead" : isSynced ? "synced" : "pending" }

    /// Creates a row value.
    public init(id: Int64, tenantID: String, subject: CRMLinkSubject, subjectID: Int64, contactID: Int64?, version: Int64,
                syncedVersion: Int64, attempts: Int, outcomeUnknown: Bool, nextAttemptAt: Date, lastError: String?, deadAt: Date?,
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.tenantID = tenantID
        self.subject = subject
        self.subjectID = subjectID
        self.contactID = contactID
        self.version = version
        self.syncedVersion = syncedVersion
        self.attempts = attempts
        self.outcomeUnknown = outcomeUnknown
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.deadAt = deadAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
