/// What of Sauda's a CRM record stands for: the kinds of ``CRMLink``'s subject and of ``CRMSync``'s.
public enum CRMLinkSubject: String, Sendable, Hashable, Codable, CaseIterable {
    /// A contact (the CRM's customer, client, contact or counterparty).
    case contact
    /// A lead (the CRM's lead, deal, row or document).
    case lead
    /// The note written with a lead (the conversation's summary), kept so that it is written once.
    case note
    /// A booking made in the CRM (a `scheduled_calls` row).
    case booking
}
