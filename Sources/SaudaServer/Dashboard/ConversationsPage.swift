import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The list of conversations with filters and pages; rows are replaced and added live from
/// `/console/events/contacts`.
enum ConversationsPage {
    static let pageSize = 30

    /// The filters of the list, read from the query string.
    struct Filters: Sendable {
        var status: ContactStatus?
        var channel: Channel?
        var paused: Bool?
        var search: String?
        var page: Int

        init(_ fields: FormFields) {
            status = fields.nonEmpty("status").flatMap(ContactStatus.init(rawValue:))
            channel = fields.nonEmpty("channel").flatMap(Channel.init(rawValue:))
            paused = fields.nonEmpty("paused").flatMap { $0 == "yes" ? true : $0 == "no" ? false : nil }
            search = fields.nonEmpty("q").map { String($0.prefix(100)) }
            page = max(1, min(10_000, Int(fields["page"] ?? "") ?? 1))
        }

        /// The repository query for this page (or for changes since `since`, on any page).
        func query(changedSince since: Date? = nil) -> ContactQuery {
            ContactQuery(status: status, channel: channel, paused: paused, search: search, changedSince: since,
                         limit: since == nil ? ConversationsPage.pageSize : 100, offset: since == nil ? (page - 1) * ConversationsPage.pageSize : 0)
        }

        /// The filters as a query string (without the page).
        var queryString: String {
            var items: [String] = []
            if let status { items.append("status=" + status.rawValue) }
            if let channel { items.append("channel=" + channel.rawValue) }
            if let paused { items.append("paused=" + (paused ? "yes" : "no")) }
            if let search { items.append("q=" + (search.addingPercentEncoding(withAllowedCharacters: Markup.queryAllowed) ?? "")) }
            return items.joined(separator: "&")
        }
    }

    /// One row of the table (also sent by the live stream).
    static func row(_ summary: ContactSummary, context: ConsoleContext) -> HTML {
        let contact = summary.contact
        let preview: HTML = summary.lastMessage.map { last in
            let prefix = last.author == .customer ? "" : (last.author == .bot ? context.t(.authorBot) : context.t(.authorOperator)) + ": "
            return html(#"<span class="preview">\#(prefix)\#(String(last.text.prefix(140)))</span>"#)
        } ?? html(#"<span class="preview muted">\#(context.t(.noMessages))</span>"#)
        let last = summary.lastMessage?.at ?? summary.updatedAt
        return html("""
            <tr id="contact-\(contact.id)" data-href="/console/conversations/\(contact.id)">
            <td><a class="contact-cell" href="/console/conversations/\(contact.id)">\(ConsoleWidgets.avatar(contact))<span class="contact-text">
            <span class="contact-name">\(ConsoleWidgets.name(contact)) \(ConsoleWidgets.channel(contact.key.channel, context))</span>\(preview)</span></a></td>
            <td>\(ConsoleWidgets.status(contact, context))</td>
            <td>\(ConsoleWidgets.botState(contact, pausedBy: summary.pausedBy, context))</td>
            <td class="num">\(context.number(summary.messageCount))</td>
            <td class="when"><time datetime="\(ISO8601.format(last))">\(context.relative(last))</time></td>
            </tr>
            """)
    }

    static func render(page: [ContactSummary], total: Int, filters: Filters, cursor: Date, context: ConsoleContext) -> HTML {
        func option(_ value: String, _ label: String, _ selected: Bool) -> HTML {
            html(#"<option value="\#(value)"\#(selected ? HTML(raw: " selected") : "")>\#(label)</option>"#)
        }
        let statusOptions = [option("", context.t(.allStatuses), filters.status == nil)]
            + [ContactStatus.client, .unknown, .notClient].map { option($0.rawValue, ConsoleWidgets.statusText($0, context), filters.status == $0) }
        let channelOptions = [option("", context.t(.allChannels), filters.channel == nil),
                              option("whatsapp", "WhatsApp", filters.channel == .whatsapp),
                              option("telegram", "Telegram", filters.channel == .telegram),
                              option("webchat", context.t(.channelWebchat), filters.channel == .webchat)]
        let pausedOptions = [option("", context.t(.anyoneAnswers), filters.paused == nil),
                             option("yes", context.t(.operatorAnswers), filters.paused == true),
                             option("no", context.t(.botAnswers), filters.paused == false)]
        let rows = page.map { row($0, context: context) }
        let base = filters.queryString
        let live = "/console/events/contacts?" + base + (base.isEmpty ? "" : "&") + "since=" + String(Int64(cursor.timeIntervalSince1970 * 1000))
        let table = html("""
            <div class="table-wrap"><table class="table conversations" id="conversations" data-live="\(live)" data-insert="\(filters.page == 1 ? "yes" : "no")">
            <thead><tr><th>\(context.t(.contact))</th><th>\(context.t(.status))</th><th>\(context.t(.whoAnswers))</th><th class="num">\(context.t(.messagesCount))</th><th class="when">\(context.t(.lastActivity))</th></tr></thead>
            <tbody>\(rows)</tbody></table>\(rows.isEmpty ? ConsoleWidgets.empty(context.t(.noConversations)) : "")</div>
            """)
        let pager = Pager.render(page: filters.page, hasMore: filters.page * pageSize < total, total: total,
                                 link: { "/console/conversations?" + base + (base.isEmpty ? "" : "&") + "page=\($0)" }, context: context)
        let content = html("""
            <form class="filters" method="get" action="/console/conversations">
              <input type="search" name="q" value="\(filters.search)" placeholder="\(context.t(.searchPlaceholder))" aria-label="\(context.t(.search))">
              <select name="status" aria-label="\(context.t(.status))">\(statusOptions)</select>
              <select name="channel" aria-label="\(context.t(.channel))">\(channelOptions)</select>
              <select name="paused" aria-label="\(context.t(.whoAnswers))">\(pausedOptions)</select>
              <button class="button" type="submit">\(context.t(.apply))</button>
              <span class="live-dot" title="\(context.t(.liveUpdates))"></span>
            </form>
            <section class="card flush">\(table)</section>\(pager)
            """)
        return ConsoleLayout.page(title: context.t(.navConversations), section: .conversations, context: context, content: content)
    }
}
