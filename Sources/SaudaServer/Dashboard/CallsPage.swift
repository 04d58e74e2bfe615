import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The call calendar: the seven days from today (or another week), each with its booked calls.
enum CallsPage {
    static func render(calls: [(call: ScheduledCall, contact: Contact?)], start: Date, week: Int, context: ConsoleContext) -> HTML {
        let calendar = context.calendar
        let today = calendar.startOfDay(for: Date())
        let days = (0..<7).compactMap { calendar.date(byAdding: .day, value: $0, to: start) }
        let columns = days.map { day -> HTML in
            let onDay = calls.filter { calendar.isDate($0.call.scheduledAt, inSameDayAs: day) }
            let weekend = calendar.isDateInWeekend(day)
            let items = onDay.map { item -> HTML in
                let who: HTML = item.contact.map { contact in
                    html(#"<a href="/console/conversations/\#(contact.id)">\#(ConsoleWidgets.name(contact))</a><span class="contact-handle">\#(ConsoleWidgets.handle(contact))</span>"#)
                } ?? html("#\(item.call.contactID)")
                let notes: HTML = item.call.notes.map { html(#"<div class="call-notes">\#($0)</div>"#) } ?? ""
                let manager: HTML = item.call.manager.map { html(#"<div class="muted small">\#($0)</div>"#) } ?? ""
                return html("""
                    <li class="call call-\(item.call.status)"><div class="call-time">\(context.time(item.call.scheduledAt))</div>
                    <div class="call-body">\(who)\(manager)\(notes)\(item.call.status == "scheduled" ? "" : html(#"<span class="pill">\#(item.call.status)</span>"#))</div></li>
                    """)
            }
            let list: HTML = items.isEmpty ? html(#"<p class="day-empty">\#(context.t(.noCallsThisDay))</p>"#) : html(#"<ul class="call-list">\#(items)</ul>"#)
            let isToday = calendar.isDate(day, inSameDayAs: today)
            return html("""
                <section class="day\(isToday ? " is-today" : "")\(weekend ? " is-weekend" : "")"><h3>\(context.shortDay(day))\(isToday ? html(#" <span class="pill">\#(context.t(.today))</span>"#) : "")</h3>\(list)</section>
                """)
        }
        let actions = html("""
            <a class="button" href="/console/calls?week=\(week - 1)">←</a><a class="button" href="/console/calls">\(context.t(.thisWeek))</a><a class="button" href="/console/calls?week=\(week + 1)">→</a>
            """)
        let last = days.last ?? start
        let content = html("""
            <p class="lead muted">\(context.shortDay(start)) — \(context.shortDay(last)) · \(context.number(calls.count)) \(context.t(.callsCount))</p>
            <div class="week">\(columns)</div>
            """)
        return ConsoleLayout.page(title: context.t(.navCalls), section: .calls, context: context, actions: actions, content: content)
    }
}
