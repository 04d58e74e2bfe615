import Foundation
import SaudaChannels
import SaudaCore
import SaudaStore
import Testing

/// A widget's settings: every problem named by its field, origins read as browsers send them, the stored JSON's
/// defaults, and a snippet and a config that no text of the business's can break out of.
@Suite struct WebChatWidgetSettingsTests {
    @Test func everyProblemIsNamedByItsField() {
        let settings = WebChatWidgetSettings(
            allowedOrigins: ["https://shop.kz", "*", "http://shop.kz", "https://shop.kz/catalogue", "ftp://shop.kz", "shop.kz"],
            displayName: "  ", accentColor: "red", greeting: String(repeating: "а", count: 501))
        let problems = settings.problems
        #expect(problems.count == 8, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("allowed_origins[1]:") && $0.contains("«*» is not allowed") })
        #expect(problems.contains { $0.hasPrefix("allowed_origins[2]:") && $0.contains("https (http only for localhost)") })
        #expect(problems.contains { $0.hasPrefix("allowed_origins[3]:") && $0.contains("https://shop.kz") })
        #expect(problems.contains { $0.hasPrefix("allowed_origins[4]:") })
        #expect(problems.contains { $0.hasPrefix("allowed_origins[5]:") })
        #expect(problems.contains { $0.hasPrefix("display_name:") })
        #expect(problems.contains { $0.hasPrefix("accent_color:") && $0.contains("#RRGGBB") })
        #expect(problems.contains { $0.hasPrefix("greeting:") && $0.contains("500") })
        #expect(throws: WebChatWidgetSettings.Invalid.self) { try settings.validate() }
        let fine = WebChatWidgetSettings(allowedOrigins: ["https://shop.kz", "http://localhost:3000", "http://127.0.0.1"], accentColor: "#00aa11")
        #expect(fine.problems.isEmpty)
    }

    @Test func storedJSONTakesDefaultsAndBadValuesAreNamed() throws {
        let empty = try WebChatWidgetSettings.decode(json: "{}")
        #expect(empty == WebChatWidgetSettings())
        #expect(empty.allowedOrigins.isEmpty && empty.position == .right && empty.language == .ru)
        let settings = WebChatWidgetSettings(allowedOrigins: ["https://shop.kz"], displayName: "Эво", greeting: "Сәлем!", position: .left, language: .kk)
        #expect(try WebChatWidgetSettings.decode(json: settings.json) == settings, "the row's JSON reads back")
        #expect(throws: WebChatWidgetSettings.Invalid(problems: ["position: «top» is not one of right, left"])) {
            _ = try WebChatWidgetSettings.decode(json: #"{"position": "top"}"#)
        }
        #expect(throws: WebChatWidgetSettings.Invalid(problems: ["language: «de» is not one of ru, kk, en"])) {
            _ = try WebChatWidgetSettings.decode(json: #"{"language": "de"}"#)
        }
        #expect(throws: WebChatWidgetSettings.Invalid(problems: ["allowed_origins: expected a list of texts"])) {
            _ = try WebChatWidgetSettings.decode(json: #"{"allowed_origins": "https://shop.kz"}"#)
        }
        #expect(throws: WebChatWidgetSettings.Invalid(problems: ["allowed_origins[0]: «*» is not allowed; name each site (https://shop.kz)"])) {
            _ = try WebChatWidgetSettings.decode(json: #"{"allowed_origins": ["*"]}"#)
        }
    }

    @Test func originsAreComparedAsBrowsersSendThem() {
        let settings = WebChatWidgetSettings(allowedOrigins: ["https://Shop.kz:443", "http://localhost:8080"])
        #expect(settings.allows(origin: "https://shop.kz"))
        #expect(settings.allows(origin: "http://localhost:8080"))
        #expect(!settings.allows(origin: "http://localhost:8081"))
        #expect(!settings.allows(origin: "https://www.shop.kz"))
        #expect(!settings.allows(origin: "http://shop.kz"))
        #expect(!settings.allows(origin: "null"))
        #expect(!settings.allows(origin: "https://shop.kz.evil.example"))
    }

    @Test func theSnippetAndTheConfigCannotBeBrokenOutOf() {
        let connection = ChannelConnection(id: "web-1", tenantID: "shop", provider: .webchat, name: "Сайт", publicID: "abc123",
                                           createdAt: Date(), updatedAt: Date())
        #expect(WebChatWidgetSnippet.html(for: connection, baseURL: "https://sauda.example/")
                == #"<script src="https://sauda.example/widget/abc123.js" async></script>"#)
        #expect(WebChatWidgetSnippet.html(publicID: "abc", baseURL: #"https://x.example/"><img src=x>"#).contains("&quot;&gt;&lt;img"))
        let config = WebChatWidgetConfig(publicID: "abc", available: true, name: "</script><script>alert(1)</script>",
                                         greeting: "a\u{2028}b & c")
        let script = config.javaScript
        #expect(!script.contains("<") && !script.contains(">") && !script.contains("&") && !script.contains("\u{2028}"))
        let decoded = try? JSONDecoder().decode(WebChatWidgetConfig.self, from: Data(script.utf8))
        #expect(decoded == config, "still the same JSON")
    }
}
