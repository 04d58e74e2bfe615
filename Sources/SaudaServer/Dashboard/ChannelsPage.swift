import Foundation
import SaudaChannelTelegram
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaStore

/// The business's channel connections (docs/channels.md): everyone sees them with their state and last error; an admin
/// connects a WhatsApp number, edits, pauses, resumes, checks and removes one and registers its webhook at Wappi, and
/// makes, edits, pauses, resumes and removes a web-chat widget, whose page shows the snippet to paste into a site.
enum ChannelsPage {
    /// - Parameters:
    ///   - editing: the connection whose form is open, when one is.
    ///   - origin: `scheme://host` of the request, offered as the server's public address.
    ///   - accounts: the owners' accounts connected to the Telegram bot open for editing.
    static func render(connections: [ChannelConnectionDetails], editing: ChannelConnectionDetails?, origin: String?, flash: HTML,
                       accounts: [BusinessAccount] = [], context: ConsoleContext) -> HTML {
        let admin = context.may(.admin)
        let rows = connections.map { row($0, admin: admin, origin: origin, context: context) }
        let table: HTML = rows.isEmpty ? ConsoleWidgets.empty(context.t(.channelsEmpty)) : html("""
            <div class="table-wrap"><table class="table" id="channels"><thead><tr><th>\(context.t(.channelName))</th><th>\(context.t(.channelState))</th>
            <th>\(context.t(.channelProfile))</th><th>\(context.t(.channelToken))</th><th>\(context.t(.channelWebhook))</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """)
        let form: HTML
        if !admin {
            form = html(#"<p class="muted">\#(context.t(.adminOnly))</p>"#)
        } else if let editing, editing.connection.provider == .webchat {
            form = WidgetForm.render(editing, origin: origin, context: context)
        } else if let editing, editing.connection.provider == .telegram {
            form = TelegramForm.render(editing, accounts: accounts, context: context)
        } else if let editing {
            form = settingsForm(editing, context: context)
        } else {
            form = html("""
                \(settingsForm(nil, context: context))\(TelegramForm.render(nil, accounts: [], context: context))\(WidgetForm.render(nil, origin: origin, context: context))
                """)
        }
        let content = html("""
            <p class="lead muted">\(context.t(.channelsHint))</p>
            <section class="card flush">\(table)</section>
            \(form)
            """)
        return ConsoleLayout.page(title: context.t(.navChannels), section: .channels, context: context, flash: flash, content: content)
    }

    static func stateName(_ state: ConnectionState, _ context: ConsoleContext) -> String {
        switch state {
        case .active: context.t(.stateActive)
        case .paused: context.t(.statePaused)
        case .failing: context.t(.stateFailing)
        }
    }

    private static func row(_ details: ChannelConnectionDetails, admin: Bool, origin: String?, context: ConsoleContext) -> HTML {
        let connection = details.connection
        let wappi = details.wappi
        let base = "/console/channels/\(connection.id)"
        let actions: HTML = !admin ? "" : connection.provider != .wappi ? html("""
            <a class="button small" href="/console/channels?edit=\(connection.id)">\(context.t(connection.provider == .webchat ? ChannelsText.widgetOpen : ChannelsText.channelEdit))</a>
            <form method="post" action="\(base)/state" class="inline"><input type="hidden" name="state" value="\(connection.state == .paused ? "active" : "paused")">
            <button class="button small" type="submit">\(context.t(connection.state == .paused ? ChannelsText.channelResume : ChannelsText.channelPause))</button></form>
            <form method="post" action="\(base)/remove" class="inline"><button class="button danger small" type="submit">\(context.t(.channelRemove))</button></form>
            """) : html("""
            <a class="button small" href="/console/channels?edit=\(connection.id)">\(context.t(.channelEdit))</a>
            <form method="post" action="\(base)/state" class="inline"><input type="hidden" name="state" value="\(connection.state == .paused ? "active" : "paused")">
            <button class="button small" type="submit">\(context.t(connection.state == .paused ? ChannelsText.channelResume : ChannelsText.channelPause))</button></form>
            <form method="post" action="\(base)/check" class="inline"><button class="button small" type="submit">\(context.t(.channelCheck))</button></form>
            <form method="post" action="\(base)/webhook" class="inline"><input name="base_url" required maxlength="500" value="\(origin ?? "")" aria-label="\(context.t(.channelPublicURL))">
            <button class="button small" type="submit">\(context.t(.channelRegister))</button></form>
            <form method="post" action="\(base)/remove" class="inline"><button class="button danger small" type="submit">\(context.t(.channelRemove))</button></form>
            """)
        let error: HTML = connection.lastError.map { html(#"<div class="flash flash-error small">\#($0)</div>"#) } ?? ""
        let profile: HTML = if let wappi {
            html(#"<span class="mono">\#(wappi.profileID)</span> · \#(wappi.inbound.rawValue)"#)
        } else if let telegram = details.telegram {
            html(#"\#(context.t(.telegramKind)) <span class="mono">@\#(telegram.username)</span> · \#(telegram.inbound.rawValue)"#)
        } else if let widget = details.widget {
            html(#"\#(context.t(.widgetKind)): <span class="mono small">\#(widget.allowedOrigins.joined(separator: ", "))</span>"#)
        } else {
            html("\(connection.provider.rawValue)")
        }
        return html("""
            <tr data-connection="\(connection.id)"><td><strong>\(connection.name)</strong><div class="muted small mono">\(connection.id)</div></td>
            <td>\(stateName(connection.state, context))\(error)</td><td>\(profile)</td>
            <td class="mono">\(details.token?.hint ?? "—")</td><td class="mono small">\(details.webhookPath() ?? details.widgetScriptPath ?? "—")</td>
            <td class="actions">\(actions)</td></tr>
            """)
    }

    /// The form that connects a number (`nil`) or edits one.
    private static func settingsForm(_ details: ChannelConnectionDetails?, context: ConsoleContext) -> HTML {
        let settings = details?.wappi ?? WappiConnectionSettings(profileID: "")
        let action = details.map { "/console/channels/\($0.connection.id)" } ?? "/console/channels"
        let inbound = [WhatsAppSettings.Inbound.webhook, .polling].map { value in
            html(#"<option value="\#(value.rawValue)"\#(settings.inbound == value ? " selected" : "")>\#(value.rawValue)</option>"#)
        }
        let extra: HTML = details == nil ? "" : html("""
            <label class="field"><span><input type="checkbox" name="rotate_webhook_secret" value="on"> \(context.t(.channelRotate))</span></label>
            <p><a href="/console/channels">\(context.t(.channelCancel))</a></p>
            """)
        return html("""
            <section class="card"><h2>\(details.map { "\(context.t(.channelEdit)): \($0.connection.name)" } ?? context.t(.channelAdd))</h2>
            <form method="post" action="\(action)" class="stack" id="channel-form">
              <label class="field"><span>\(context.t(.channelName))</span><input name="name" required maxlength="100" value="\(details?.connection.name ?? "")"></label>
              <label class="field"><span>\(context.t(.channelProfile))</span><input name="profile_id" required maxlength="64" value="\(settings.profileID)" placeholder="e10f170a-f36a"></label>
              <label class="field"><span>\(context.t(.channelToken))</span><input name="token" type="password" autocomplete="off" maxlength="500"\(HTML(raw: details == nil ? " required" : ""))>
                \(details == nil ? "" : html(#"<small class="muted">\#(context.t(.channelTokenKeep))</small>"#))</label>
              <label class="field"><span>\(context.t(.channelBaseURL))</span><input name="base_url" required maxlength="500" value="\(settings.baseURL)"></label>
              <label class="field"><span>\(context.t(.channelInbound))</span><select name="inbound">\(inbound)</select></label>
              <label class="field"><span>\(context.t(.channelPollingInterval))</span><input name="polling_interval_seconds" type="number" min="1" max="3600" value="\(String(settings.pollingIntervalSeconds))"></label>
              <label class="field"><span>\(context.t(.channelSendsPerMinute))</span><input name="sends_per_minute" type="number" min="1" max="10000" value="\(String(settings.sendsPerMinute))"></label>
              <label class="field"><span>\(context.t(.channelHumanPause))</span><input name="human_pause_minutes" type="number" min="1" max="100000" value="\(String(settings.humanPauseMinutes))"></label>
              \(extra)
              <button class="button primary" type="submit">\(context.t(details == nil ? ChannelsText.channelAdd : ChannelsText.channelSave))</button>
            </form></section>
            """)
    }
}
