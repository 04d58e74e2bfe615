import Foundation

/// The console's interface language: Russian by default, English on request (`?lang=en`, then a cookie).
enum ConsoleLanguage: String, Sendable, CaseIterable {
    case ru, en

    /// The name of the cookie that remembers the choice.
    static let cookieName = "sauda_lang"

    /// The locale for month and weekday names.
    var locale: Locale { Locale(identifier: self == .ru ? "ru_RU" : "en_US") }
}
