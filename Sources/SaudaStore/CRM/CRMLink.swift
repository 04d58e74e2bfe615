import Foundation
import SaudaCore

/// The CRM's id of one of Sauda's records (`crm_links`): a retry updates the record it names instead of making another,
/// and a CRM's webhook finds Sauda's record by it.
public struct CRMLink: Sendable, Hashable, Codable {
    /// The business.
    public var tenantID: String
    /// What of Sauda's it stands for.
    public var subject: CRMLinkSubject
    /// The id of Sauda's record (a contact's, a lead's, a scheduled call's).
    public var subjectID: Int64
    /// The contact the record belongs to.
    public var contactID: Int64?
    /// The CRM.
    public var crmType: CRMType
    /// The kind of the CRM's record, as its adapter names it (`contact`, `lead`, `record`, `row`).
    public var crmKind: String
    /// The CRM's id of it.
    public var crmID: String
    /// When it was first linked.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a link.
    public init(tenantID: String, subject: CRMLinkSubject, subjectID: Int64, contactID: Int64?, crmType: CRMType, crmKind: String,
                crmID: String, createdAt: Date, updatedAt: Date) {
        self.tenantID = tenantID
        self.subject = subject
        self.subjectID = subjectID
        self.contactID = contactID
        self.crmType = crmType
        self.crmKind = crmKind
        self.crmID = crmID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
