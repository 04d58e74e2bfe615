import Foundation
import SaudaChannels
import SaudaCore
import SaudaStore

/// The console's form of a web-chat widget (docs/channels/webchat-widget.md): a new one, or one open for editing with
/// the snippet to paste into the site in a `<pre><code>` block.
enum WidgetForm {
    /// - Parameters:
    ///   - details: the widget open for editing; `nil` for the form that makes one.
    ///   - origin: `scheme://host` of the request, the snippet's address of the script.
    static func render(_ details: ChannelConnectionDetails?, origin: String?, context: ConsoleContext) -> HTML {
        let settings = details?.widget ?? WebChatWidgetSettings()
        let action = details.map { "/console/channels/\($0.connection.id)" } ?? "/console/channels"
        let positions = WebChatWidgetSettings.Position.allCases.map { value in
            html(#"<option value="\#(value.rawValue)"\#(settings.position == value ? " selected" : "")>\#(value.rawValue)</option>"#)
        }
        let languages = WebChatWidgetSettings.Language.allCases.map { value in
            html(#"<option value="\#(value.rawValue)"\#(settings.language == value ? " selected" : "")>\#(value.rawValue)</option>"#)
        }
        let snippet: HTML = details.flatMap { details in
            details.widgetSnippet(baseURL: origin ?? "").map { snippet in
                html("""
                    <h3>\(context.t(.widgetSnippet))</h3><p class="muted small">\(context.t(.widgetSnippetHint))</p>
                    <pre class="document" id="widget-snippet"><code>\(snippet)</code></pre>
                    <p class="muted small">\(context.t(.widgetPublicID)): <span class="mono">\(details.connection.publicID)</span></p>
                    """)
            }
        } ?? ""
        let cancel: HTML = details == nil ? "" : html(#"<p><a href="/console/channels">\#(context.t(.channelCancel))</a></p>"#)
        let title = details.map { "\(context.t(.widgetKind)): \($0.connection.name)" } ?? context.t(.widgetAdd)
        return html("""
            <section class="card" id="widget"><h2>\(title)</h2>
            \(snippet)
            <form method="post" action="\(action)" class="stack" id="widget-form">
              <input type="hidden" name="provider" value="webchat">
              <label class="field"><span>\(context.t(.channelName))</span><input name="name" required maxlength="100" value="\(details?.connection.name ?? "")"></label>
              <label class="field"><span>\(context.t(.widgetOrigins))</span><textarea name="allowed_origins" rows="3" required placeholder="https://shop.kz">\(settings.allowedOrigins.joined(separator: "\n"))</textarea></label>
              <label class="field"><span>\(context.t(.widgetDisplayName))</span><input name="display_name" maxlength="100" value="\(settings.displayName ?? "")">
                <small class="muted">\(context.t(.widgetDefaultHint))</small></label>
              <label class="field"><span>\(context.t(.widgetAccentColor))</span><input name="accent_color" type="color" value="\(settings.accentColor)"></label>
              <label class="field"><span>\(context.t(.widgetGreeting))</span><textarea name="greeting" rows="2" maxlength="500">\(settings.greeting ?? "")</textarea>
                <small class="muted">\(context.t(.widgetDefaultHint))</small></label>
              <label class="field"><span>\(context.t(.widgetPosition))</span><select name="position">\(positions)</select></label>
              <label class="field"><span>\(context.t(.widgetLanguage))</span><select name="language">\(languages)</select></label>
              \(cancel)
              <button class="button primary" type="submit">\(context.t(details == nil ? ChannelsText.widgetAdd : ChannelsText.channelSave))</button>
            </form></section>
            """)
    }

    /// The change a widget's form asks for: the origins one a line; an empty name or greeting shows the default again.
    static func change(_ form: FormFields) -> ChannelConnectionChange {
        let origins = form["allowed_origins"].map { text in
            text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return ChannelConnectionChange(name: form["name"], allowedOrigins: origins, displayName: form["display_name"],
                                       accentColor: form["accent_color"]?.trimmingCharacters(in: .whitespaces), greeting: form["greeting"],
                                       position: form["position"], language: form["language"])
    }
}
