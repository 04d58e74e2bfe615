import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// "Needs a human": the operator alerts, open ones by default (or all), newest first, each with its reason, customer,
/// summary, time and conversation; an operator closes one with «Закрыто».
enum AlertsPage {
    static let pageSize = 50

    static func render(rows: [(alert: StoredAlert, contact: Contact?)], all: Bool, page: Int, flash: HTML, context: ConsoleContext) -> HTML {
        let shown = rows.prefix(pageSize)
        let mayResolve = context.may(.operator)
        let body = shown.map { row -> HTML in
            let alert = row.alert
            let contact: HTML = row.contact.map { contact in
                html("""
                    <a class="contact-cell" href="/console/conversations/\(contact.id)">\(ConsoleWidgets.avatar(contact))<span>
                    <span class="contact-name">\(ConsoleWidgets.name(contact))</span><span class="contact-handle">\(ConsoleWidgets.handle(contact))</span></span></a>
                    """)
            } ?? html("#\(alert.contactID)")
            let action: HTML
            if let resolvedAt = alert.resolvedAt {
                let who: HTML = alert.resolvedBy.map { html(#"<div class="muted small">\#(context.t(.resolvedBy, $0))</div>"#) } ?? ""
                action = html(#"<span class="pill">\#(context.t(.resolved))</span> <span class="muted small">\#(context.dateTime(resolvedAt))</span>\#(who)"#)
            } else if mayResolve {
                action = html("""
                    <form method="post" action="/console/alerts/\(alert.id)/resolve" class="inline">
                    <button class="button small" type="submit">\(context.t(.resolve))</button></form>
                    """)
            } else {
                action = ""
            }
            return html("""
                <tr id="alert-\(alert.id)" class="alert-row alert-\(alert.reason.rawValue)"><td><span class="pill pill-alert">\(reasonText(alert.reason, context))</span></td>
                <td>\(contact)</td><td class="alert-summary">\(alert.summary)</td>
                <td title="\(context.dateTime(alert.createdAt))">\(context.relative(alert.createdAt))</td>
                <td><a href="/console/conversations/\(alert.contactID)">\(context.t(.openConversation))</a></td>
                <td class="actions">\(action)</td></tr>
                """)
        }
        let table: HTML = body.isEmpty ? ConsoleWidgets.empty(context.t(all ? ConsoleText.noAlerts : ConsoleText.noOpenAlerts)) : html("""
            <div class="table-wrap"><table class="table" id="alerts">
            <thead><tr><th>\(context.t(.reason))</th><th>\(context.t(.contact))</th><th>\(context.t(.summary))</th><th>\(context.t(.time))</th><th></th><th></th></tr></thead>
            <tbody>\(body)</tbody></table></div>
            """)
        let pager = Pager.render(page: page, hasMore: rows.count > pageSize,
                                 link: { "/console/alerts?page=\($0)" + (all ? "&show=all" : "") }, context: context)
        let actions = html("""
            <a class="button\(all ? "" : " primary")" href="/console/alerts">\(context.t(.openAlerts))</a><a class="button\(all ? " primary" : "")" href="/console/alerts?show=all">\(context.t(.allAlerts))</a>
            """)
        let content = html("""
            <p class="lead muted">\(context.t(.alertsHint))</p>
            <section class="card flush">\(table)</section>\(pager)
            """)
        return ConsoleLayout.page(title: context.t(.navAlerts), section: .alerts, context: context, actions: actions, flash: flash, content: content)
    }

    /// A conversation's open alerts, for the top of its side panel (nothing when it has none); an operator's «Закрыто»
    /// comes back to the conversation.
    static func panel(_ alerts: [StoredAlert], contactID: Int64, context: ConsoleContext) -> HTML {
        guard !alerts.isEmpty else { return "" }
        let items = alerts.map { alert -> HTML in
            let resolve: HTML = context.may(.operator) ? html("""
                <form method="post" action="/console/alerts/\(alert.id)/resolve" class="inline"><input type="hidden" name="conversation" value="\(contactID)">
                <button class="button small" type="submit">\(context.t(.resolve))</button></form>
                """) : ""
            return html("""
                <li><span class="pill pill-alert">\(reasonText(alert.reason, context))</span> <span class="muted small">\(context.relative(alert.createdAt))</span>
                <div class="alert-summary">\(alert.summary)</div>\(resolve)</li>
                """)
        }
        return html(#"<section class="card card-alert" id="open-alerts"><h2>\#(context.t(.navAlerts))</h2><ul class="plain">\#(items)</ul></section>"#)
    }

    /// The reason in the page's language.
    static func reasonText(_ reason: AlertReason, _ context: ConsoleContext) -> String {
        switch reason {
        case .askedForHuman: context.t(.alertAskedForHuman)
        case .crmChanged: context.t(.alertCRMChanged)
        case .cannotAnswer: context.t(.alertCannotAnswer)
        case .orderPlaced: context.t(.alertOrderPlaced)
        case .callBooked: context.t(.alertCallBooked)
        }
    }
}
