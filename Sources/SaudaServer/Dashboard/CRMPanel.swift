import Foundation
import SaudaCore
import SaudaStore

/// The conversation panel's card of the contact's records in the business's CRM: the CRM's id of each (the customer,
/// the lead, its note, a booking) and the state of each record's sync, a given-up one with its reason and, for an
/// admin, «Send again».
enum CRMPanel {
    static func render(_ detail: ConversationDetail, context: ConsoleContext) -> HTML {
        guard !detail.crmLinks.isEmpty || !detail.crmSyncs.isEmpty else { return "" }
        let links = detail.crmLinks.map { link in
            html("""
                <li class="crm-link" data-subject="\(link.subject.rawValue)"><strong>\(subjectText(link.subject, context))</strong> \(link.crmType.rawValue) · \(link.crmKind) <code>\(link.crmID)</code></li>
                """)
        }
        let syncs = detail.crmSyncs.map { sync -> HTML in
            let state: HTML = switch sync.state {
            case "dead": html(#"<span class="pill crm-dead">\#(context.t(.crmDead))</span>"#)
            case "pending": html(#"<span class="pill crm-pending">\#(context.t(.crmPending))</span> <span class="muted small">\#(context.t(.crmNextAttempt)) \#(context.dateTime(sync.nextAttemptAt))</span>"#)
            default: html(#"<span class="pill crm-synced">\#(context.t(.crmSynced))</span>"#)
            }
            let reason: HTML = sync.state != "synced" ? (sync.lastError.map { html(#"<br><span class="muted small crm-error">\#($0)</span>"#) } ?? "") : ""
            let retry: HTML = sync.deadAt != nil && context.may(.admin) ? html("""
                <form method="post" action="/console/conversations/\(detail.contact.id)/crm/\(sync.id)/retry"><button class="button" type="submit" id="crm-retry-\(sync.id)">\(context.t(.crmRetry))</button></form>
                """) : ""
            return html(#"<li class="crm-sync" id="crm-sync-\#(sync.id)" data-state="\#(sync.state)">\#(subjectText(sync.subject, context)) #\#(String(sync.subjectID)): \#(state)\#(reason)\#(retry)</li>"#)
        }
        return html("""
            <section class="card" id="crm"><h2>\(context.t(.crmRecords))</h2><ul class="plain">\(links)\(syncs)</ul></section>
            """)
    }

    static func subjectText(_ subject: CRMLinkSubject, _ context: ConsoleContext) -> String {
        switch subject {
        case .contact: context.t(.crmSubjectContact)
        case .lead: context.t(.crmSubjectLead)
        case .note: context.t(.crmSubjectNote)
        case .booking: context.t(.crmSubjectBooking)
        }
    }
}
