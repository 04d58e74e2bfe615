import Foundation
import SaudaCore
import SaudaStore

/// A CRM id of one of Sauda's records, as the admin API shows it.
struct CRMLinkJSON: Encodable {
    /// `contact`, `lead`, `note` or `booking`.
    let subject: String
    let subjectId: Int64
    let crm: String
    /// The CRM's kind of record (`contact`, `lead`, `record`, `row`).
    let kind: String
    let id: String
    let linkedAt: Date

    init(_ link: CRMLink) {
        subject = link.subject.rawValue
        subjectId = link.subjectID
        crm = link.crmType.rawValue
        kind = link.crmKind
        id = link.crmID
        linkedAt = link.createdAt
    }
}

/// A row of the CRM's outbox, as the admin API shows it.
struct CRMSyncJSON: Encodable {
    let id: Int64
    let subject: String
    let subjectId: Int64
    let contactId: Int64?
    /// `synced`, `pending` or `dead`.
    let state: String
    let version: Int64
    let syncedVersion: Int64
    let attempts: Int
    let outcomeUnknown: Bool
    let nextAttemptAt: Date?
    let lastError: String?
    let deadAt: Date?
    let updatedAt: Date

    init(_ sync: CRMSync) {
        id = sync.id
        subject = sync.subject.rawValue
        subjectId = sync.subjectID
        contactId = sync.contactID
        state = sync.state
        version = sync.version
        syncedVersion = sync.syncedVersion
        attempts = sync.attempts
        outcomeUnknown = sync.outcomeUnknown
        nextAttemptAt = sync.state == "pending" ? sync.nextAttemptAt : nil
        lastError = sync.lastError
        deadAt = sync.deadAt
        updatedAt = sync.updatedAt
    }
}

/// A contact's records in the business's CRM: their ids there and the state of their sync.
struct ContactCRMJSON: Encodable {
    let links: [CRMLinkJSON]
    let syncs: [CRMSyncJSON]
}

/// A page of the CRM's outbox.
struct CRMSyncListJSON: Encodable {
    let syncs: [CRMSyncJSON]
    let pending: Int
    let dead: Int
}
