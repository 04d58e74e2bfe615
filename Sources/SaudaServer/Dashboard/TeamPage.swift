import Foundation
import SaudaCore
import SaudaStore

/// The people of the business and its invitations (`/console/team`, its admins), with the form that invites someone.
enum TeamPage {
    static func render(members: [(account: Account, role: AccessRole)], invites: [Invite], flash: HTML, context: ConsoleContext,
                       now: Date = Date()) -> HTML {
        let t = { (key: InstallationText) in key.text(context.language) }
        let people = members.map { member in
            html("""
                <tr><td>\(member.account.name)</td><td class="mono">\(member.account.email)</td><td>\(ConsoleLayout.roleName(member.role, context))</td></tr>
                """)
        }
        let pending = invites.prefix(50).map { invite -> HTML in
            let state = invite.usedAt != nil ? t(.used) : (invite.expiresAt <= now ? InstallationText.inviteGone.text(context.language) : context.dateTime(invite.expiresAt))
            return html("""
                <tr><td class="mono">\(invite.email)</td><td>\(ConsoleLayout.roleName(invite.role, context))</td><td>\(state)</td></tr>
                """)
        }
        let content = html("""
            <p class="lead muted">\(t(.teamHint))</p>
            <section class="card"><h2>\(t(.invite))</h2>
            <form class="form-row" method="post" action="/console/team/invite">
              <label class="field grow"><span>\(t(.email))</span><input type="email" name="email" required maxlength="254"></label>
              <label class="field"><span>\(t(.role))</span>\(InstallationPage.roleSelect(context, selected: .operator))</label>
              <button class="button primary" type="submit">\(t(.invite))</button>
            </form></section>
            <section class="card flush"><div class="table-wrap"><table class="table" id="members">
            <thead><tr><th>\(t(.name))</th><th>\(t(.email))</th><th>\(t(.role))</th></tr></thead><tbody>\(people)</tbody></table></div></section>
            <section class="card flush"><h2>\(t(.invitations))</h2><div class="table-wrap"><table class="table" id="invites">
            <thead><tr><th>\(t(.email))</th><th>\(t(.role))</th><th>\(t(.expires))</th></tr></thead><tbody>\(Array(pending))</tbody></table></div></section>
            """)
        return ConsoleLayout.page(title: t(.teamTitle), section: nil, context: context, flash: flash, content: content)
    }
}
