import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The console's stylesheet and script, read once from the package's resources (`Public/console.css`, `Public/console.js`).
enum ConsoleAssets {
    static let stylesheet = load("console", "css")
    static let script = load("console", "js")

    private static func load(_ name: String, _ type: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: type, subdirectory: "Public"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }
}
