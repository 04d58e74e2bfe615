import Foundation
import SaudaStore

/// The one line a business pastes into its site to show its web-chat widget.
public enum WebChatWidgetSnippet {
    /// The widget script's path for a public id: `/widget/<public_id>.js`.
    public static func scriptPath(publicID: String) -> String { "/widget/\(publicID).js" }

    /// The snippet of `connection`: `<script src="https://sauda.example/widget/<public_id>.js" async></script>`.
    /// - Parameters:
    ///   - connection: a `webchat` connection.
    ///   - baseURL: where customers reach Sauda (`https://sauda.example`); a trailing `/` is dropped.
    public static func html(for connection: ChannelConnection, baseURL: String) -> String {
        html(publicID: connection.publicID, baseURL: baseURL)
    }

    /// The snippet of the widget with `publicID`; see ``html(for:baseURL:)``.
    public static func html(publicID: String, baseURL: String) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        let source = base + scriptPath(publicID: publicID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? publicID)
        return "<script src=\"\(escapeAttribute(source))\" async></script>"
    }

    /// `text` safe inside a double-quoted HTML attribute.
    static func escapeAttribute(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }
}
