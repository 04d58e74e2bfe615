import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The sign-in page (a token pasted into one field) and the bare pages shown before anyone is signed in.
enum LoginPage {
    static func render(language: ConsoleLanguage, next: String, error: String? = nil) -> HTML {
        let other: ConsoleLanguage = language == .ru ? .en : .ru
        let problem = error.map { html(#"<div class="flash flash-error" role="alert">\#($0)</div>"#) } ?? ""
        return frame(language: language, title: SignInText.loginTitle.text(language), body: html("""
            <form class="login-card" method="post" action="/console/login">
              <div class="login-brand">\(ConsoleIcon.logo.svg)<span>Sauda</span></div>
              <h1>\(SignInText.loginTitle.text(language))</h1>
              <p class="muted">\(SignInText.loginHint.text(language))</p>
              \(problem)
              <label class="field"><span>\(SignInText.tokenLabel.text(language))</span>
                <input type="password" name="token" id="token" autocomplete="off" required placeholder="sda_…" autofocus></label>
              <input type="hidden" name="next" value="\(next)">
              <button class="button primary wide" type="submit" id="login">\(SignInText.loginButton.text(language))</button>
              <p class="login-foot muted">\(SignInText.loginNewToken.text(language)) <code>sauda token create --tenant default --role operator --name …</code></p>
              <p class="login-foot"><a href="/console/login?lang=\(other.rawValue)&amp;next=\(query: next)">\(other == .en ? "English" : "Русский")</a></p>
            </form>
            <form class="login-card" method="post" action="/console/login" id="account-login">
              <h2>\(SignInText.emailLabel.text(language)) · \(SignInText.passwordLabel.text(language))</h2>
              <label class="field"><span>\(SignInText.emailLabel.text(language))</span>
                <input type="email" name="email" id="email" autocomplete="username" required maxlength="254"></label>
              <label class="field"><span>\(SignInText.passwordLabel.text(language))</span>
                <input type="password" name="password" id="password" autocomplete="current-password" required maxlength="200"></label>
              <input type="hidden" name="next" value="\(next)">
              <button class="button wide" type="submit" id="account-sign-in">\(SignInText.loginButton.text(language))</button>
              <p class="login-foot muted"><code>sauda account add --tenant … --email … --role operator</code></p>
            </form>
            """))
    }

    /// A short page with a status and a reason (a refused form, a failure before sign-in).
    static func bare(status: Int, text: String, language: ConsoleLanguage) -> HTML {
        frame(language: language, title: String(status), body: html("""
            <div class="login-card"><div class="problem-code">\(status)</div><p>\(text)</p>
            <p><a class="button" href="/console">\(ConsoleText.backToToday.text(language))</a></p></div>
            """))
    }

    /// A page without the console's frame (nobody is signed in yet).
    static func frame(language: ConsoleLanguage, title: String, body: HTML) -> HTML {
        html("""
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Sauda</title><link rel="stylesheet" href="/console/assets/console.css?v=\(ConsoleLayout.assetVersion)"></head>
            <body class="login-body">\(body)</body>
            </html>
            """)
    }
}
