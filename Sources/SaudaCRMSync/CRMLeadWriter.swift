import Foundation
import SaudaCRM
import SaudaCore
import SaudaStore

/// Writes one lead to the business's CRM, step by step, each step's CRM id stored as soon as the CRM gave it:
/// the customer (found by phone, else created), the lead (created, or updated through the key it was created with),
/// and the note with the conversation (once). A step the CRM cannot do is left out (YCLIENTS keeps no leads: its client
/// gets the note).
///
/// Every write carries a key derived from the conversation and the lead, and the adapters' upserts look their key up
/// before they create (``CRMAdapter/upsertLead(_:customer:key:)``), so a write whose answer was lost is updated on the
/// next try instead of made twice. A note is not an upsert: after a lost answer (`retrying`) its key is looked up with
/// ``CRMAdapter/reconcile(_:)`` before it is written again.
struct CRMLeadWriter: Sendable {
    let database: any Database
    let binding: CRMBinding
    let now: @Sendable () -> Date

    /// Writes the lead of `snapshot`; `retrying` when an earlier try may have written something without its answer.
    func write(_ snapshot: CRMLeadSnapshot, retrying: Bool) async throws(CRMError) {
        let adapter = binding.adapter
        let capabilities = adapter.capabilities
        let tenantID = snapshot.lead.tenantID
        let conversation = "\(snapshot.contact.key.channel.rawValue)-\(snapshot.contact.key.chatID)"
        var customerRef = snapshot.customerLink.map { CRMRef(kind: $0.crmKind, id: $0.crmID) }
        let writesCustomer = capabilities.contains(.upsertCustomer) && (adapter.keepsCustomersApart || !capabilities.contains(.upsertLead))
        if customerRef == nil, let customer = snapshot.customer, writesCustomer {
            let key = IdempotencyKey(tenantID: tenantID, conversation: conversation, operation: "customer")
            if capabilities.contains(.findCustomer), let found = try await adapter.findCustomer(phone: customer.phone) {
                customerRef = found.ref
            } else {
                customerRef = try await adapter.upsertCustomer(customer, key: key)
            }
            if let customerRef { try await link(.contact, snapshot.contact.id, snapshot, customerRef) }
        }
        var leadRef = snapshot.leadLink.map { CRMRef(kind: $0.crmKind, id: $0.crmID) }
        if capabilities.contains(.upsertLead) {
            let key = IdempotencyKey(tenantID: tenantID, conversation: conversation, operation: "lead", number: Int(snapshot.lead.id))
            let written = try await adapter.upsertLead(snapshot.leadDraft, customer: customerRef, key: key)
            if written != leadRef {
                try await link(.lead, snapshot.lead.id, snapshot, written)
                leadRef = written
            }
        }
        // amoCRM wrote the summary as the new lead's note already.
        if adapter.writesSummaryAsNote, leadRef != nil { return }
        guard snapshot.noteLink == nil, capabilities.contains(.addNote), let target = leadRef ?? customerRef else { return }
        let key = IdempotencyKey(tenantID: tenantID, conversation: conversation, operation: "note", number: Int(snapshot.lead.id))
        var note: CRMRef? = nil
        if retrying { note = try await adapter.reconcile(key) }
        if note == nil { note = try await adapter.addNote(snapshot.note, to: target, key: key) }
        guard let note else { return }
        try await link(.note, snapshot.lead.id, snapshot, note)
    }

    private func link(_ subject: CRMLinkSubject, _ subjectID: Int64, _ snapshot: CRMLeadSnapshot, _ ref: CRMRef) async throws(CRMError) {
        let moment = now()
        let link = CRMLink(tenantID: snapshot.lead.tenantID, subject: subject, subjectID: subjectID, contactID: snapshot.contact.id,
                           crmType: binding.type, crmKind: ref.kind, crmID: ref.id, createdAt: moment, updatedAt: moment)
        do {
            try await database.transaction { sql in try await CRMLinkRepository(sql).save(link) }
        } catch {
            // The CRM has the record; the next try finds it by its key instead of making another.
            throw .retryable(reason: "the CRM's id could not be stored: \(error)", outcomeUnknown: true)
        }
    }
}
