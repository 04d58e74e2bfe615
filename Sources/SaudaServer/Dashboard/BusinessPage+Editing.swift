import Foundation
import SaudaAgent
import SaudaCore
import SaudaStore

/// The business page's cards for the model, the CRM slot and the prompt overrides: forms for an admin, the same
/// values read-only for anyone else. Secrets (the model key, the CRM credentials) are write-only: a password input,
/// and only their hint is shown.
extension BusinessPage {
    /// The model: provider, model name and the business's own key.
    static func modelCard(profile: BusinessProfile, context: ConsoleContext) -> HTML {
        let admin = context.may(.admin)
        let disabled = HTML(raw: admin ? "" : " disabled")
        let settings = profile.settings
        let providers = [html(#"<option value=""\#(settings.modelProvider == nil ? " selected" : "")>\#(context.t(.businessModelDefault))</option>"#)]
            + ModelProvider.allCases.map { provider in
                html(#"<option value="\#(provider.rawValue)"\#(settings.modelProvider == provider.rawValue ? " selected" : "")>\#(provider.rawValue)</option>"#)
            }
        let hint = profile.modelAPIKey?.hint ?? context.t(.businessModelKeyNone)
        let key: HTML = admin ? html("""
            <label class="field"><span>\(context.t(.businessModelKey))</span><input type="password" name="model_api_key" autocomplete="new-password" maxlength="1000">
              <small class="muted">\(context.t(.businessModelKeyHint, hint))</small></label>
            \(profile.modelAPIKey == nil ? "" : html(#"<label><input type="checkbox" name="remove_model_api_key" value="on"> \#(context.t(.businessModelKeyRemove))</label>"#))
            <button class="button primary" type="submit" id="save-model">\(context.t(.businessModelSave))</button>
            """) : html(#"<p class="muted">\#(context.t(.businessModelKey)): <span class="mono">\#(hint)</span></p>"#)
        return html("""
            <section class="card"><h2>\(context.t(.businessModel))</h2><p class="muted">\(context.t(.businessModelHint))</p>
            <form method="post" action="/console/business/model" class="stack">
              <label class="field"><span>\(context.t(.businessModelProvider))</span><select name="model_provider"\(disabled)>\(providers)</select></label>
              <label class="field"><span>\(context.t(.businessModelName))</span><input name="model" maxlength="200" value="\(settings.model ?? "")"\(disabled)></label>
              \(key)
            </form></section>
            """)
    }

    /// The CRM slot: the connection's form (or, for anyone but an admin, what it is) and its removal.
    static func crmCard(crm: CRMConnection?, overview: CRMOverview, context: ConsoleContext) -> HTML {
        let status: HTML = crm.map { crm in
            html("""
                <p><strong>\(crm.type.rawValue)</strong> · <span class="mono">\(crm.baseURL)</span> · <span id="crm-state">\(crm.state.rawValue)</span></p>
                \(crm.lastError.map { html(#"<p class="flash flash-error">\#($0)</p>"#) } ?? "")
                <p class="muted">\(context.t(.businessCRMCredentials)): <span class="mono">\(crm.credentials?.hint ?? "—")</span></p>
                <p id="crm-sync">\(context.t(.businessCRMSync, String(overview.pending), String(overview.dead)))</p>
                """)
        } ?? html(#"<p class="muted">\#(context.t(.businessNoCRM))</p>"#)
        let dead: HTML = overview.deadRows.isEmpty ? "" : html("""
            <h3>\(context.t(.businessCRMDeadLetters))</h3><ul class="plain" id="crm-dead">\(overview.deadRows.map { row in
                html("""
                    <li>\(row.subject.rawValue) #\(row.subjectID)\(row.contactID.map { html(#" · <a href="/console/conversations/\#($0)#crm">→</a>"#) } ?? "")<br><span class="muted small">\(row.lastError ?? "")</span>
                    \(context.may(.admin) ? html(#"<form method="post" action="/console/business/crm/syncs/\#(row.id)/retry"><button class="button" type="submit" id="crm-business-retry-\#(row.id)">\#(context.t(.crmRetry))</button></form>"#) : "")</li>
                    """)
            })</ul>
            """)
        guard context.may(.admin) else {
            return html(#"<section class="card"><h2>\#(context.t(.businessCRM))</h2>\#(status)\#(dead)<p class="muted small">\#(context.t(.businessCRMDikidi))</p></section>"#)
        }
        let webhook: HTML = overview.webhookPath.map { path in
            html("""
                <p class="field"><span>\(context.t(.businessCRMWebhook))</span> <code id="crm-webhook">\(path)</code><br><small class="muted">\(context.t(.businessCRMWebhookHint))</small></p>
                """)
        } ?? ""
        let types = CRMType.allCases.map { type in
            html(#"<option value="\#(type.rawValue)"\#(crm?.type == type ? " selected" : "")>\#(type.rawValue)</option>"#)
        }
        let states = [ConnectionState.active, .paused].map { state in
            html(#"<option value="\#(state.rawValue)"\#(crm?.state == state ? " selected" : "")>\#(state.rawValue)</option>"#)
        }
        let remove: HTML = crm == nil ? "" : html("""
            <form method="post" action="/console/business/crm/remove"><button class="button danger" type="submit" id="remove-crm">\(context.t(.businessCRMRemove))</button></form>
            """)
        return html("""
            <section class="card"><h2>\(context.t(.businessCRM))</h2>\(status)\(webhook)\(dead)
            <form method="post" action="/console/business/crm" class="stack">
              <label class="field"><span>\(context.t(.businessCRMType))</span><select name="type">\(types)</select>
                <small class="muted">\(context.t(.businessCRMDikidi))</small></label>
              <label class="field"><span>\(context.t(.businessCRMBaseURL))</span><input name="base_url" required maxlength="500" value="\(crm?.baseURL ?? "")"></label>
              <label class="field"><span>\(context.t(.businessCRMMapping))</span><textarea name="field_mapping" rows="4">\(Self.mapping(crm))</textarea>
                <small class="muted">\(context.t(.businessCRMMappingHint))</small></label>
              <label class="field"><span>\(context.t(.businessCRMSettings))</span><textarea name="settings" rows="3">\(Self.texts(crm?.settings))</textarea>
                <small class="muted">\(context.t(.businessCRMSettingsHint))</small></label>
              <label class="field"><span>\(context.t(.businessCRMCredentials))</span><input type="password" name="credentials" autocomplete="new-password" maxlength="4096">
                <small class="muted">\(context.t(.businessCRMCredentialsHint, crm?.credentials?.hint ?? "—"))</small></label>
              <label class="field"><span>\(context.t(.businessCRMState))</span><select name="state">\(states)</select></label>
              <button class="button primary" type="submit" id="save-crm">\(context.t(.businessCRMSave))</button>
            </form>\(remove)</section>
            """)
    }

    /// The field mapping as the form shows it: JSON with sorted keys.
    private static func mapping(_ crm: CRMConnection?) -> String { texts(crm?.fieldMapping) }

    /// A stored JSON object of texts as the form shows it: sorted keys, `{}` for none.
    private static func texts(_ json: String?) -> String {
        guard let data = json?.data(using: .utf8), let mapping = try? JSONDecoder().decode([String: String].self, from: data) else { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(mapping)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// One form per prompt with the business's override (empty: the template file is used).
    static func promptCards(profile: BusinessProfile, context: ConsoleContext) -> HTML {
        let admin = context.may(.admin)
        let forms = PromptLibrary.Name.allCases.map { name in
            let override = profile.settings.promptOverrides[name.rawValue]
            let placeholders = name.placeholders.sorted().joined(separator: ", ")
            let button: HTML = admin
                ? html(#"<button class="button" type="submit" id="save-prompt-\#(name.rawValue)">\#(context.t(.businessPromptSave))</button>"#) : ""
            return html("""
                <form method="post" action="/console/business/prompt" class="stack">
                  <input type="hidden" name="name" value="\(name.rawValue)">
                  <label class="field"><span class="mono">\(name.rawValue)</span> <small class="muted">\(override == nil ? context.t(.businessPromptFromFile) : context.t(.businessPromptOverride))</small>
                    <textarea name="template" rows="6" maxlength="100000"\(HTML(raw: admin ? "" : " disabled"))>\(override ?? "")</textarea>
                    <small class="muted">\(context.t(.businessPromptsHint, placeholders))</small></label>
                  \(button)
                </form>
                """)
        }
        return html(#"<section class="card"><h2>\#(context.t(.businessPrompts))</h2>\#(forms)</section>"#)
    }
}
