import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The numbers the bot never answers (family, staff, partners): everyone sees them, an admin adds and removes.
enum WhitelistPage {
    static func render(numbers: [(phone: String, note: String?)], flash: HTML, context: ConsoleContext) -> HTML {
        let admin = context.may(.admin)
        let rows = numbers.map { entry in
            let remove: HTML = admin ? html("""
                <form method="post" action="/console/whitelist/remove" class="inline"><input type="hidden" name="phone" value="\(entry.phone)">
                <button class="button danger small" type="submit">\(context.t(.remove))</button></form>
                """) : ""
            return html(#"<tr><td class="mono">+\#(entry.phone)</td><td>\#(entry.note ?? "")</td><td class="actions">\#(remove)</td></tr>"#)
        }
        let table: HTML = rows.isEmpty ? ConsoleWidgets.empty(context.t(.whitelistEmpty)) : html("""
            <div class="table-wrap"><table class="table"><thead><tr><th>\(context.t(.phone))</th><th>\(context.t(.note))</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """)
        let form: HTML = admin ? html("""
            <section class="card"><h2>\(context.t(.addNumber))</h2>
            <form class="form-row" method="post" action="/console/whitelist">
              <label class="field"><span>\(context.t(.phone))</span><input name="phone" required placeholder="+7 701 234 56 78" inputmode="tel"></label>
              <label class="field grow"><span>\(context.t(.note))</span><input name="note" maxlength="200" placeholder="\(context.t(.notePlaceholder))"></label>
              <button class="button primary" type="submit">\(context.t(.add))</button>
            </form></section>
            """) : html(#"<p class="muted">\#(context.t(.adminOnly))</p>"#)
        let content = html("""
            <p class="lead muted">\(context.t(.whitelistHint))</p>
            \(form)
            <section class="card flush">\(table)</section>
            """)
        return ConsoleLayout.page(title: context.t(.navWhitelist), section: .whitelist, context: context, flash: flash, content: content)
    }
}
