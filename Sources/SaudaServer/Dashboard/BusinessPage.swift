import Foundation
import Hummingbird
import SaudaCore
import SaudaStore

/// The business's own settings (docs/businesses.md): everyone sees them, an admin changes them; with the model, the
/// CRM slot and the prompt overrides (``BusinessPage`` + Editing; secrets as a hint only) and the download of all the
/// business's data.
enum BusinessPage {
    static func render(profile: BusinessProfile, crm: CRMConnection?, crmOverview: CRMOverview = CRMOverview(), flash: HTML,
                       context: ConsoleContext) -> HTML {
        let admin = context.may(.admin)
        let settings = profile.settings
        let disabled = admin ? "" : " disabled"
        let followUps = [true, false].map { value in
            html(#"<option value="\#(value ? "on" : "off")"\#(settings.followUpsEnabled == value ? " selected" : "")>\#(context.t(value ? .on : .off))</option>"#)
        }
        let form = html("""
            <section class="card"><form method="post" action="/console/business" class="stack">
              <input type="hidden" name="revision" value="\(String(profile.revision))">
              <label class="field"><span>\(context.t(.businessName))</span><input name="name" required maxlength="100" value="\(profile.tenant.name)"\(HTML(raw: disabled))></label>
              <label class="field"><span>\(context.t(.businessTimeZone))</span><input name="time_zone" required maxlength="64" value="\(profile.tenant.timeZone)"\(HTML(raw: disabled))></label>
              <label class="field"><span>\(context.t(.businessDescription))</span><textarea name="description" rows="3" maxlength="2000"\(HTML(raw: disabled))>\(settings.description)</textarea></label>
              <label class="field"><span>\(context.t(.businessWeek))</span><input name="working_hours" required value="\(WorkingWeekText.format(settings.workingHours))"\(HTML(raw: disabled))>
                <small class="muted">\(context.t(.businessWeekHint))</small></label>
              <label class="field"><span>\(context.t(.businessHolidays))</span><input name="holidays" value="\(settings.holidays.joined(separator: ", "))"\(HTML(raw: disabled))>
                <small class="muted">\(context.t(.businessHolidaysHint))</small></label>
              <label class="field"><span>\(context.t(.businessLanguages))</span><input name="languages" required value="\(settings.languages.joined(separator: ","))"\(HTML(raw: disabled))></label>
              <label class="field"><span>\(context.t(.businessFollowUps))</span><select name="follow_ups"\(HTML(raw: disabled))>\(followUps)</select></label>
              <label class="field"><span>\(context.t(.businessFollowUpIntervals))</span><input name="follow_up_intervals" required value="\(settings.followUpIntervals.map(String.init).joined(separator: ","))"\(HTML(raw: disabled))></label>
              \(admin ? html(#"<button class="button primary" type="submit" id="save-business">\#(context.t(.businessSave))</button>"#) : html(#"<p class="muted">\#(context.t(.adminOnly))</p>"#))
              <p class="muted small">\(context.t(.businessRevision, String(profile.revision)))</p>
            </form></section>
            """)
        let export: HTML = admin ? html("""
            <section class="card"><p><a class="button" href="/console/export" id="export-business">\(context.t(.businessExport))</a></p>
            <p class="muted">\(context.t(.businessExportHint))</p></section>
            """) : ""
        let content = html("""
            <p class="lead muted">\(context.t(.businessHint))</p>
            \(form)
            \(modelCard(profile: profile, context: context))
            \(crmCard(crm: crm, overview: crmOverview, context: context))
            \(promptCards(profile: profile, context: context))
            \(export)
            """)
        return ConsoleLayout.page(title: context.t(.navBusiness), section: .business, context: context, flash: flash, content: content)
    }
}
