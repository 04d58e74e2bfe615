import Foundation
import SaudaChannelTelegram
import SaudaCore
import SaudaStore

/// The console's form of a Telegram bot (docs/channels/telegram.md): a new one (its token pasted, checked by Telegram),
/// or one open for editing with the owners' accounts connected to it through Telegram Business.
enum TelegramForm {
    /// - Parameters:
    ///   - details: the bot open for editing; `nil` for the form that connects one.
    ///   - accounts: the owners' accounts connected to it.
    static func render(_ details: ChannelConnectionDetails?, accounts: [BusinessAccount], context: ConsoleContext) -> HTML {
        let settings = details?.telegram ?? TelegramConnectionSettings(botID: 0, username: "")
        let action = details.map { "/console/channels/\($0.connection.id)" } ?? "/console/channels"
        let inbound = TelegramConnectionSettings.Inbound.allCases.map { value in
            html(#"<option value="\#(value.rawValue)"\#(settings.inbound == value ? " selected" : "")>\#(value.rawValue)</option>"#)
        }
        let business: HTML = details == nil ? "" : html("""
            <h3>\(context.t(.telegramBusiness))</h3>\(accountList(accounts, context: context))
            """)
        let cancel: HTML = details == nil ? "" : html(#"<p><a href="/console/channels">\#(context.t(.channelCancel))</a></p>"#)
        let title = details.map { "\(context.t(.telegramKind)): \($0.connection.name) (@\(settings.username))" } ?? context.t(.telegramAdd)
        return html("""
            <section class="card" id="telegram"><h2>\(title)</h2>
            \(business)
            <form method="post" action="\(action)" class="stack" id="telegram-form">
              <input type="hidden" name="provider" value="telegram">
              <label class="field"><span>\(context.t(.channelName))</span><input name="name" required maxlength="100" value="\(details?.connection.name ?? "")"></label>
              <label class="field"><span>\(context.t(.telegramToken))</span><input name="token" type="password" autocomplete="off" maxlength="200"\(HTML(raw: details == nil ? " required" : ""))
                placeholder="123456789:AA…"><small class="muted">\(context.t(details == nil ? ChannelsText.telegramTokenHint : ChannelsText.channelTokenKeep))</small></label>
              <label class="field"><span>\(context.t(.channelInbound))</span><select name="inbound">\(inbound)</select>
                <small class="muted">\(context.t(.telegramInboundHint))</small></label>
              <label class="field"><span>\(context.t(.telegramBaseURL))</span><input name="base_url" required maxlength="500" value="\(settings.baseURL)"></label>
              <label class="field"><span>\(context.t(.channelHumanPause))</span><input name="human_pause_minutes" type="number" min="1" max="100000" value="\(String(settings.humanPauseMinutes))"></label>
              \(cancel)
              <button class="button primary" type="submit">\(context.t(details == nil ? ChannelsText.telegramAdd : ChannelsText.channelSave))</button>
            </form></section>
            """)
    }

    /// The owners' accounts connected to the bot, with whether Sauda answers in their chats.
    static func accountList(_ accounts: [BusinessAccount], context: ConsoleContext) -> HTML {
        guard !accounts.isEmpty else { return html(#"<p class="muted small" id="telegram-business">\#(context.t(.telegramNoBusiness))</p>"#) }
        let items = accounts.map { account -> HTML in
            let state = !account.enabled ? context.t(.telegramBusinessOff) : account.canReply ? context.t(.stateActive) : context.t(.telegramBusinessNoReply)
            return html(#"<li><strong>\#(account.ownerName ?? account.ownerID)</strong> <span class="muted mono small">\#(account.accountID)</span> — \#(state)</li>"#)
        }
        return html(#"<ul id="telegram-business">\#(items)</ul>"#)
    }

    /// The change a bot's form asks for; an empty token keeps the stored one when `keepsEmptyToken`.
    static func change(_ form: FormFields, keepsEmptyToken: Bool) -> ChannelConnectionChange {
        let token = form["token"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty && keepsEmptyToken ? nil : $0 }
        let pause = form.nonEmpty("human_pause_minutes").map { Int($0) ?? 0 }
        return ChannelConnectionChange(name: form["name"], baseURL: form["base_url"]?.trimmingCharacters(in: .whitespaces), inbound: form["inbound"],
                                       humanPauseMinutes: pause, token: token)
    }
}
