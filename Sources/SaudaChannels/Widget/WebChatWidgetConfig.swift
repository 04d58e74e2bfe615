import Foundation

/// What a widget's script is told about its chat: the business's look and words, and whether the chat is open. It
/// holds nothing the page may not show (no allowed origins, no tenant id).
public struct WebChatWidgetConfig: Sendable, Codable, Hashable {
    /// The widget's public id, which names it in the API's paths.
    public var publicID: String
    /// Whether visitors may chat; a closed widget shows its button and a notice that the chat is closed.
    public var available: Bool
    /// The name in the panel's header.
    public var name: String
    /// The colour of the button and the header, `#RRGGBB`.
    public var accentColor: String
    /// The first words a visitor reads; `nil` for the language's usual greeting.
    public var greeting: String?
    /// `right` or `left`.
    public var position: WebChatWidgetSettings.Position
    /// The language of the widget's own words.
    public var language: WebChatWidgetSettings.Language

    /// Creates a config.
    public init(publicID: String, available: Bool, name: String, accentColor: String = WebChatWidgetSettings.defaultAccentColor,
                greeting: String? = nil, position: WebChatWidgetSettings.Position = .right, language: WebChatWidgetSettings.Language = .ru) {
        self.publicID = publicID
        self.available = available
        self.name = name
        self.accentColor = accentColor
        self.greeting = greeting
        self.position = position
        self.language = language
    }

    /// The open or closed widget of a business with `settings`.
    public init(publicID: String, available: Bool, businessName: String, settings: WebChatWidgetSettings) {
        self.init(publicID: publicID, available: available, name: settings.displayName ?? businessName, accentColor: settings.accentColor,
                  greeting: settings.greeting, position: settings.position, language: settings.language)
    }

    enum CodingKeys: String, CodingKey {
        case publicID = "public_id", available, name, accentColor = "accent_color", greeting, position, language
    }

    /// The config as a JavaScript expression, safe to place in a script: JSON with `<`, `>`, `&` and the line and
    /// paragraph separators escaped, so that no text of the business's can end a `<script>` or break the line.
    public var javaScript: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: (try? encoder.encode(self)) ?? Data("null".utf8), as: UTF8.self)
        var result = ""
        result.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": result += "\\u003c"
            case ">": result += "\\u003e"
            case "&": result += "\\u0026"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
