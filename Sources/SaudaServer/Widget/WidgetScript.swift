import Foundation
import SaudaChannels

/// The widget's script: the static `Public/widget.js` with one widget's ``WebChatWidgetConfig`` put in place of its
/// placeholder, as a JSON expression (``WebChatWidgetConfig/javaScript``), never as text joined into markup.
enum WidgetScript {
    /// The placeholder in `widget.js` that the config replaces.
    static let placeholder = "/*SAUDA_WIDGET_CONFIG*/null"

    /// The script as shipped.
    static let template: String = {
        guard let url = Bundle.module.url(forResource: "widget", withExtension: "js", subdirectory: "Public"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            return "/* The Sauda chat widget is missing from this build. */"
        }
        return text
    }()

    /// The script of the widget `config`.
    static func render(_ config: WebChatWidgetConfig) -> String {
        template.replacingOccurrences(of: placeholder, with: config.javaScript)
    }
}
