import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The running follow-up chains: who gets which touch when.
enum FollowUpsPage {
    static let pageSize = 50

    static func render(rows: [(followUp: FollowUp, contact: Contact?)], page: Int, context: ConsoleContext) -> HTML {
        let shown = rows.prefix(pageSize)
        let body = shown.map { row -> HTML in
            let contact: HTML = row.contact.map { contact in
                html("""
                    <a class="contact-cell" href="/console/conversations/\(contact.id)">\(ConsoleWidgets.avatar(contact))<span>
                    <span class="contact-name">\(ConsoleWidgets.name(contact))</span><span class="contact-handle">\(ConsoleWidgets.handle(contact))</span></span></a>
                    """)
            } ?? html("#\(row.followUp.contactID)")
            let next = row.followUp.nextTouchAt
            let touches = (1...5).map { number -> HTML in
                let state = number < row.followUp.touchNumber ? "done" : number == row.followUp.touchNumber ? "next" : "later"
                return html(#"<span class="touch touch-\#(state)" title="\#(context.t(.touchNumber, String(number)))"></span>"#)
            }
            return html("""
                <tr><td>\(contact)</td><td><span class="touches">\(touches)</span> <span class="muted small">\(context.t(.touchOf, String(row.followUp.touchNumber)))</span></td>
                <td>\(next.map { context.dateTime($0) } ?? "—")</td>
                <td>\(row.followUp.lastTouchAt.map { context.dateTime($0) } ?? "—")</td>
                <td>\(row.contact.map { ConsoleWidgets.status($0, context) } ?? "")</td></tr>
                """)
        }
        let table: HTML = body.isEmpty ? ConsoleWidgets.empty(context.t(.noFollowUps)) : html("""
            <div class="table-wrap"><table class="table">
            <thead><tr><th>\(context.t(.contact))</th><th>\(context.t(.touch))</th><th>\(context.t(.nextTouch))</th><th>\(context.t(.lastTouch))</th><th>\(context.t(.status))</th></tr></thead>
            <tbody>\(body)</tbody></table></div>
            """)
        let pager = Pager.render(page: page, hasMore: rows.count > pageSize, link: { "/console/follow-ups?page=\($0)" }, context: context)
        let content = html("""
            <p class="lead muted">\(context.t(.followUpsHint))</p>
            <section class="card flush">\(table)</section>\(pager)
            """)
        return ConsoleLayout.page(title: context.t(.navFollowUps), section: .followUps, context: context, content: content)
    }
}
