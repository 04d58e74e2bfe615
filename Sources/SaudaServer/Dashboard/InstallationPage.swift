import Foundation
import SaudaCore
import SaudaStore

/// The installation's businesses (`/console/installation`, its owner only): each with its state, its people and the
/// actions (open, suspend or resume, invite, delete with its id typed again), and the form that creates one.
enum InstallationPage {
    static func render(businesses: [BusinessSummary], flash: HTML, context: ConsoleContext) -> HTML {
        let t = { (key: InstallationText) in key.text(context.language) }
        let rows = businesses.map { business -> HTML in
            let id = business.tenant.id
            let base = "/console/installation/businesses/\(id)"
            let isSuspended = business.suspendedAt != nil
            let toggle: HTML = id == Tenant.defaultID ? "" : html("""
                <form method="post" action="\(base)/\(isSuspended ? "resume" : "suspend")" class="inline">
                <button class="button small\(isSuspended ? "" : " danger")" type="submit">\(t(isSuspended ? .resume : .suspend))</button></form>
                """)
            let delete: HTML = id == Tenant.defaultID ? "" : html("""
                <form method="post" action="\(base)/delete" class="inline">
                <input name="confirm" required maxlength="40" placeholder="\(t(.deleteConfirm))" aria-label="\(t(.deleteConfirm))">
                <button class="button danger small" type="submit">\(t(.delete))</button></form>
                """)
            return html("""
                <tr><td class="mono">\(id)</td><td>\(business.tenant.name)</td><td>\(business.tenant.timeZone)</td>
                <td>\(t(isSuspended ? .suspended : .active))</td><td>\(business.members)</td>
                <td class="actions">
                <form method="post" action="\(base)/open" class="inline"><button class="button small" type="submit">\(t(.open))</button></form>
                \(toggle)
                <form method="post" action="\(base)/invite" class="inline">
                <input type="email" name="email" required maxlength="254" placeholder="\(t(.email))" aria-label="\(t(.email))">
                \(roleSelect(context, selected: .admin))
                <button class="button small" type="submit">\(t(.invite))</button></form>
                \(delete)</td></tr>
                """)
        }
        let content = html("""
            <p class="lead muted">\(t(.businessesHint))</p>
            <section class="card"><h2>\(t(.createBusiness))</h2>
            <form class="form-row" method="post" action="/console/installation/businesses">
              <label class="field"><span>\(t(.businessID))</span><input name="id" required maxlength="40" pattern="[a-z0-9][a-z0-9-]*"></label>
              <label class="field grow"><span>\(t(.businessName))</span><input name="name" required maxlength="100"></label>
              <label class="field"><span>\(t(.timeZone))</span><input name="time_zone" required maxlength="64" value="Asia/Almaty"></label>
              <button class="button primary" type="submit">\(t(.create))</button>
            </form></section>
            <section class="card flush"><div class="table-wrap"><table class="table" id="businesses">
            <thead><tr><th>Id</th><th>\(t(.businessName))</th><th>\(t(.timeZone))</th><th>\(t(.state))</th><th>\(t(.members))</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table></div></section>
            """)
        return ConsoleLayout.page(title: t(.businessesTitle), section: nil, context: context, flash: flash, content: content)
    }

    /// A select of the three roles.
    static func roleSelect(_ context: ConsoleContext, selected: AccessRole) -> HTML {
        let options = AccessRole.allCases.map { role -> HTML in
            html(#"<option value="\#(role.rawValue)"\#(HTML(raw: role == selected ? " selected" : ""))>\#(ConsoleLayout.roleName(role, context))</option>"#)
        }
        return html(#"<select name="role" aria-label="\#(InstallationText.role.text(context.language))">\#(options)</select>"#)
    }

    /// The notice that shows a new invitation's link, once.
    static func linkFlash(_ link: String, context: ConsoleContext) -> HTML {
        html("""
            <div class="flash flash-ok" role="status">\(InstallationText.inviteLink.text(context.language))
            <code class="invite-link">\(link)</code> \(InstallationText.inviteLinkHint.text(context.language))</div>
            """)
    }
}
