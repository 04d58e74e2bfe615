import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The leads the agent captured, with filters (stage, channel, search, dates), pages, a stage select for operators and
/// the CSV export of the same filters.
enum LeadsPage {
    static let pageSize = 30

    /// The name of a stage in the page's language.
    static func stageText(_ stage: LeadStage, _ context: ConsoleContext) -> String {
        switch stage {
        case .new: context.t(.stageNew)
        case .qualified: context.t(.stageQualified)
        case .ordered: context.t(.stageOrdered)
        case .booked: context.t(.stageBooked)
        case .won: context.t(.stageWon)
        case .lost: context.t(.stageLost)
        }
    }

    static func option(_ value: String, _ label: String, _ selected: Bool) -> HTML {
        html(#"<option value="\#(value)"\#(selected ? HTML(raw: " selected") : "")>\#(label)</option>"#)
    }

    /// The stage of one lead: a select that posts the new stage for an operator, a badge for a viewer.
    static func stageCell(_ lead: Lead, filters: LeadFilters, context: ConsoleContext) -> HTML {
        let badge = html(#"<span class="pill lead-stage stage-\#(lead.stage.rawValue)">\#(stageText(lead.stage, context))</span>"#)
        guard context.may(.operator) else { return badge }
        let options = LeadStage.allCases.map { option($0.rawValue, stageText($0, context), $0 == lead.stage) }
        return html("""
            <form method="post" action="/console/leads/\(lead.id)/stage" class="inline lead-stage-form">
            <input type="hidden" name="back" value="\(filters.link("", "page=\(filters.page)"))">
            <select name="stage" aria-label="\(context.t(.stage))">\(options)</select>
            <button class="button small" type="submit" title="\(context.t(.setStage))">\(context.t(.save))</button></form>
            """)
    }

    static func row(_ lead: Lead, filters: LeadFilters, context: ConsoleContext) -> HTML {
        let name = lead.name ?? lead.phone ?? lead.chatID
        let source: HTML = lead.source == lead.channel.rawValue ? "" : html(#" <span class="muted small">\#(lead.source)</span>"#)
        return html("""
            <tr id="lead-\(lead.id)">
            <td><a class="contact-cell" href="/console/conversations/\(lead.contactID)"><span class="contact-text">
            <span class="contact-name">\(name) \(ConsoleWidgets.channel(lead.channel, context))</span>\(source)</span></a></td>
            <td class="mono keep">\(lead.phone ?? "—")</td>
            <td>\(lead.need ?? "—")</td>
            <td class="keep">\(lead.priceQuoted ?? "—")</td>
            <td class="keep">\(lead.bookedCall.map { context.dateTime($0) } ?? "—")</td>
            <td>\(stageCell(lead, filters: filters, context: context))</td>
            <td class="when"><time datetime="\(ISO8601.format(lead.createdAt))">\(context.dateTime(lead.createdAt))</time></td>
            </tr>
            """)
    }

    static func render(leads: [Lead], total: Int, counts: [LeadStage: Int], filters: LeadFilters, flash: HTML,
                       context: ConsoleContext) -> HTML {
        let stageOptions = [option("", context.t(.allStages), filters.stage == nil)]
            + LeadStage.allCases.map { option($0.rawValue, stageText($0, context), filters.stage == $0) }
        let channelOptions = [option("", context.t(.allChannels), filters.channel == nil),
                              option("whatsapp", "WhatsApp", filters.channel == .whatsapp),
                              option("telegram", "Telegram", filters.channel == .telegram),
                              option("webchat", context.t(.channelWebchat), filters.channel == .webchat)]
        let chips = LeadStage.allCases.map { stage -> HTML in
            html(#"<a class="pill stage-\#(stage.rawValue)\#(filters.stage == stage ? " is-current" : "")" href="/console/leads?stage=\#(stage.rawValue)">\#(stageText(stage, context)) · \#(context.number(counts[stage] ?? 0))</a>"#)
        }
        let rows = leads.map { row($0, filters: filters, context: context) }
        let table = html("""
            <div class="table-wrap"><table class="table leads" id="leads">
            <thead><tr><th>\(context.t(.customerName))</th><th>\(context.t(.phone))</th><th>\(context.t(.need))</th><th>\(context.t(.priceQuoted))</th>
            <th>\(context.t(.bookedCall))</th><th>\(context.t(.stage))</th><th class="when">\(context.t(.captured))</th></tr></thead>
            <tbody>\(rows)</tbody></table>\(rows.isEmpty ? ConsoleWidgets.empty(context.t(.noLeads)) : "")</div>
            """)
        let pager = Pager.render(page: filters.page, hasMore: filters.page * pageSize < total, total: total,
                                 link: { filters.link("/console/leads", "page=\($0)") }, context: context)
        let actions = html(#"<a class="button" href="\#(filters.link("/console/leads.csv"))" download>\#(context.t(.exportCSV))</a>"#)
        let content = html("""
            <p class="lead muted">\(context.t(.leadsHint))</p>
            <p class="stage-chips">\(chips)</p>
            <form class="filters" method="get" action="/console/leads">
              <input type="search" name="q" value="\(filters.search)" placeholder="\(context.t(.leadsSearchPlaceholder))" aria-label="\(context.t(.search))">
              <select name="stage" aria-label="\(context.t(.stage))">\(stageOptions)</select>
              <select name="channel" aria-label="\(context.t(.channel))">\(channelOptions)</select>
              <label class="field-inline">\(context.t(.dateFrom)) <input type="date" name="from" value="\(filters.from)"></label>
              <label class="field-inline">\(context.t(.dateTo)) <input type="date" name="to" value="\(filters.to)"></label>
              <button class="button" type="submit">\(context.t(.apply))</button>
            </form>
            <section class="card flush">\(table)</section>\(pager)
            """)
        return ConsoleLayout.page(title: context.t(.navLeads), section: .leads, context: context, actions: actions, flash: flash,
                                  content: content)
    }
}
