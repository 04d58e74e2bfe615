import Foundation

/// The customer chat page served at `/` (plain HTML, CSS and JavaScript, no build step).
enum WebChatPage {
    static let html: String = {
        guard let url = Bundle.module.url(forResource: "index", withExtension: "html", subdirectory: "Public"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            return "<!doctype html><title>Sauda</title><p>The chat page is missing from this build. See <a href=\"/health\">/health</a>."
        }
        return text
    }()
}
