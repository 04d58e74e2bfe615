import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaModels
import SaudaStore

/// The first page: today's figures, the queues, contacts by status and the model's tokens.
enum TodayPage {
    /// One queue's figures.
    struct Queue: Sendable {
        var name: String
        var depth: Int
        var deadLetters: Int
    }

    /// The line under "Model today": calls running and waiting (`tenantID`'s among them), the longest wait, the
    /// provider's pause and limit.
    static func waitLine(_ wait: ProviderBudget.Snapshot, tenantID: String, context: ConsoleContext) -> HTML {
        func seconds(_ duration: Duration?) -> String { context.number(Int((duration ?? .zero).timeInterval.rounded(.up))) }
        var parts = [wait.waiting == 0
            ? context.t(.modelNoWait, context.number(wait.inFlight))
            : context.t(.modelWaiting, context.number(wait.waiting), context.number(wait.waitingByTenant[tenantID] ?? 0),
                        seconds(wait.oldestWait), context.number(wait.inFlight))]
        if let paused = wait.pausedFor { parts.append(context.t(.modelPaused, seconds(paused))) }
        parts.append(wait.requestsPerMinute.map { context.t(.modelRate, context.number($0)) } ?? context.t(.modelNoRate))
        let kind = wait.waiting > 0 ? " warn" : ""
        return html(#"<p class="muted small model-wait\#(kind)">\#(parts.joined(separator: " "))</p>"#)
    }

    static func render(day: TenantDay, queues: [Queue], modelWait: ProviderBudget.Snapshot? = nil, tenantID: String,
                       context: ConsoleContext) -> HTML {
        func stat(_ label: ConsoleText, _ value: Int, _ kind: String = "", link: String? = nil) -> HTML {
            let inner = html(#"<div class="stat-label">\#(context.t(label))</div><div class="stat-value">\#(context.number(value))</div>"#)
            if let link { return html(#"<a class="stat \#(kind)" href="\#(link)">\#(inner)</a>"#) }
            return html(#"<div class="stat \#(kind)">\#(inner)</div>"#)
        }
        let stats = [
            stat(.received, day.received, link: "/console/conversations"),
            stat(.sent, day.sent),
            stat(.voiceNotes, day.voice),
            stat(.failedSends, day.failed, day.failed > 0 ? "stat-warn" : ""),
            stat(.takenOver, day.paused, link: "/console/conversations?paused=yes"),
            stat(.callsToday, day.callsToday, link: "/console/calls"),
            stat(.callsTomorrow, day.callsTomorrow, link: "/console/calls"),
        ]
        let queueRows = queues.map { queue in
            html("""
                <tr><td>\(queue.name)</td><td class="num">\(context.number(queue.depth))</td>
                <td class="num\(queue.deadLetters > 0 ? HTML(raw: " warn") : "")">\(context.number(queue.deadLetters))</td></tr>
                """)
        }
        let totalContacts = max(1, day.contacts.values.reduce(0, +))
        let statusRows = [ContactStatus.client, .unknown, .notClient].map { status -> HTML in
            let count = day.contacts[status] ?? 0
            let percent = Int((Double(count) * 100 / Double(totalContacts)).rounded())
            let kind = status == .client ? "client" : status == .notClient ? "not-client" : "unknown"
            return html("""
                <a class="bar-row" href="/console/conversations?status=\(status.rawValue)"><span class="bar-label">\(ConsoleWidgets.statusText(status, context))</span>
                <span class="bar"><span class="bar-fill bar-\(kind)" style="width: \(percent)%"></span></span><span class="bar-count">\(context.number(count))</span></a>
                """)
        }
        let usageRows = day.usage.sorted { $0.key < $1.key }.map { purpose, totals in
            html("""
                <tr><td>\(purpose)</td><td class="num">\(context.number(totals.calls))</td><td class="num">\(context.number(totals.inputTokens))</td>
                <td class="num">\(context.number(totals.outputTokens))</td><td class="num">\(context.number(Int(totals.meanMilliseconds.rounded())))</td></tr>
                """)
        }
        let tokens = day.usage.values.reduce(0) { $0 + $1.inputTokens + $1.outputTokens }
        let usage: HTML = usageRows.isEmpty ? ConsoleWidgets.empty(context.t(.noModelCalls)) : html("""
            <table class="table"><thead><tr><th>\(context.t(.purpose))</th><th class="num">\(context.t(.calls))</th>
            <th class="num">\(context.t(.inputTokens))</th><th class="num">\(context.t(.outputTokens))</th><th class="num">\(context.t(.meanMs))</th></tr></thead>
            <tbody>\(usageRows)</tbody></table>
            """)
        let content = html("""
            <p class="lead muted">\(context.t(.todaySince)) \(context.day(day.since))</p>
            <section class="stats">\(stats)</section>
            <div class="grid-2">
              <section class="card"><h2>\(context.t(.contactsByStatus))</h2><div class="bars">\(statusRows)</div></section>
              <section class="card"><h2>\(context.t(.queues))</h2>
                <table class="table"><thead><tr><th>\(context.t(.queue))</th><th class="num">\(context.t(.waiting))</th><th class="num">\(context.t(.deadLetters))</th></tr></thead>
                <tbody>\(queueRows)</tbody></table></section>
            </div>
            <section class="card"><h2>\(context.t(.modelToday)) <span class="muted small">\(context.number(tokens)) \(context.t(.tokens))</span></h2>\(modelWait.map { waitLine($0, tenantID: tenantID, context: context) } ?? html(""))\(usage)</section>
            """)
        return ConsoleLayout.page(title: context.t(.navToday), section: .today, context: context, content: content)
    }
}
