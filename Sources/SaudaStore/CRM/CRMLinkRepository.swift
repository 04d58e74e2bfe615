import Foundation
import SaudaCore

/// The CRM's ids of each business's contacts, leads, notes and bookings (`crm_links`).
public struct CRMLinkRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    static let columns = "tenant_id, subject_kind, subject_id, contact_id, crm_type, crm_kind, crm_id, created_at, updated_at"

    static func decode(_ row: SQLRow) throws(StoreError) -> CRMLink {
        let subjectName = try row.string("subject_kind")
        let typeName = try row.string("crm_type")
        guard let subject = CRMLinkSubject(rawValue: subjectName), let type = CRMType(rawValue: typeName) else {
            throw StoreError(.decoding, "crm_links names an unknown subject «\(subjectName)» or CRM «\(typeName)»")
        }
        return CRMLink(tenantID: try row.string("tenant_id"), subject: subject, subjectID: try row.int("subject_id"),
                       contactID: row.optionalInt("contact_id"), crmType: type, crmKind: try row.string("crm_kind"),
                       crmID: try row.string("crm_id"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    /// The link of Sauda's record in this CRM, if it was written there.
    public func find(tenantID: String, subject: CRMLinkSubject, subjectID: Int64, crmType: CRMType) async throws(StoreError) -> CRMLink? {
        try await sql.query("""
            SELECT \(Self.columns) FROM crm_links WHERE tenant_id = ? AND subject_kind = ? AND subject_id = ? AND crm_type = ?
            """, [.text(tenantID), .text(subject.rawValue), .int(subjectID), .text(crmType.rawValue)]).first.map(Self.decode)
    }

    /// The link of the CRM's record `crmID` (of kind `crmKind`), for a webhook naming it.
    public func find(tenantID: String, crmType: CRMType, crmKind: String, crmID: String) async throws(StoreError) -> CRMLink? {
        try await sql.query("""
            SELECT \(Self.columns) FROM crm_links WHERE tenant_id = ? AND crm_type = ? AND crm_kind = ? AND crm_id = ?
            ORDER BY updated_at DESC LIMIT 1
            """, [.text(tenantID), .text(crmType.rawValue), .text(crmKind), .text(crmID)]).first.map(Self.decode)
    }

    /// Stores the link, replacing the CRM id an earlier one of the same record had.
    public func save(_ link: CRMLink) async throws(StoreError) {
        try await sql.query("""
            INSERT INTO crm_links (tenant_id, subject_kind, subject_id, contact_id, crm_type, crm_kind, crm_id, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, subject_kind, subject_id, crm_type) DO UPDATE SET crm_kind = excluded.crm_kind,
                crm_id = excluded.crm_id, contact_id = excluded.contact_id, updated_at = excluded.updated_at
            """, [.text(link.tenantID), .text(link.subject.rawValue), .int(link.subjectID), .int(link.contactID),
                  .text(link.crmType.rawValue), .text(link.crmKind), .text(link.crmID), .date(link.createdAt), .date(link.updatedAt)])
    }

    /// The links of a contact's records (the contact's own, its leads', notes' and bookings'), oldest first.
    public func forContact(tenantID: String, contactID: Int64) async throws(StoreError) -> [CRMLink] {
        try await sql.query("""
            SELECT \(Self.columns) FROM crm_links WHERE tenant_id = ? AND contact_id = ? ORDER BY created_at, id
            """, [.text(tenantID), .int(contactID)]).map(Self.decode)
    }
}
