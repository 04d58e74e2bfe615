import Foundation
import SaudaCore
import SaudaStore

/// The pages before anyone is signed in that make an account: an invitation's link (`/console/invite/{token}`) and
/// self-service sign-up (`/console/signup`).
enum JoinPage {
    /// The form of an invitation: a name and a new password, or the existing account's password.
    static func invite(token: String, business: Tenant, email: String, existing: Bool, language: ConsoleLanguage, error: String? = nil) -> HTML {
        let problem = error.map { html(#"<div class="flash flash-error" role="alert">\#($0)</div>"#) } ?? ""
        let fields: HTML = existing ? html("""
            <p class="muted">\(InstallationText.inviteExisting.text(language, email))</p>
            <label class="field"><span>\(SignInText.passwordLabel.text(language))</span>
              <input type="password" name="password" autocomplete="current-password" required maxlength="200"></label>
            """) : html("""
            <p class="muted">\(InstallationText.inviteJoin.text(language, email))</p>
            <label class="field"><span>\(InstallationText.name.text(language))</span><input name="name" required maxlength="100" autocomplete="name"></label>
            <label class="field"><span>\(InstallationText.password.text(language))</span>
              <input type="password" name="password" autocomplete="new-password" required minlength="10" maxlength="200"></label>
            """)
        return LoginPage.frame(language: language, title: InstallationText.inviteTitle.text(language, business.name), body: html("""
            <form class="login-card" method="post" action="/console/invite/\(token)" id="invite">
              <div class="login-brand">\(ConsoleIcon.logo.svg)<span>Sauda</span></div>
              <h1>\(InstallationText.inviteTitle.text(language, business.name))</h1>
              \(problem)
              \(fields)
              <button class="button primary wide" type="submit">\(InstallationText.join.text(language))</button>
            </form>
            """))
    }

    /// A link that cannot be used (unknown, used, expired, or its business suspended), with the reason.
    static func inviteGone(status: Int, reason: String, language: ConsoleLanguage) -> HTML {
        LoginPage.frame(language: language, title: InstallationText.inviteGone.text(language), body: html("""
            <div class="login-card"><div class="problem-code">\(status)</div><h1>\(InstallationText.inviteGone.text(language))</h1><p>\(reason)</p>
            <p><a class="button" href="/console/login">\(SignInText.loginButton.text(language))</a></p></div>
            """))
    }

    /// The sign-up form (`SIGNUP=open`).
    static func signUp(language: ConsoleLanguage, error: String? = nil, values: FormFields = FormFields(urlEncoded: "")) -> HTML {
        let problem = error.map { html(#"<div class="flash flash-error" role="alert">\#($0)</div>"#) } ?? ""
        return LoginPage.frame(language: language, title: InstallationText.signUpTitle.text(language), body: html("""
            <form class="login-card" method="post" action="/console/signup" id="signup">
              <div class="login-brand">\(ConsoleIcon.logo.svg)<span>Sauda</span></div>
              <h1>\(InstallationText.signUpTitle.text(language))</h1>
              <p class="muted">\(InstallationText.signUpHint.text(language))</p>
              \(problem)
              <label class="field"><span>\(InstallationText.businessName.text(language))</span>
                <input name="business_name" required maxlength="100" value="\(values["business_name"] ?? "")"></label>
              <label class="field"><span>\(InstallationText.timeZone.text(language))</span>
                <input name="time_zone" required maxlength="64" value="\(values["time_zone"] ?? "Asia/Almaty")"></label>
              <label class="field"><span>\(InstallationText.yourName.text(language))</span>
                <input name="name" required maxlength="100" autocomplete="name" value="\(values["name"] ?? "")"></label>
              <label class="field"><span>\(SignInText.emailLabel.text(language))</span>
                <input type="email" name="email" required maxlength="254" autocomplete="username" value="\(values["email"] ?? "")"></label>
              <label class="field"><span>\(InstallationText.password.text(language))</span>
                <input type="password" name="password" autocomplete="new-password" required minlength="10" maxlength="200"></label>
              <button class="button primary wide" type="submit">\(InstallationText.signUpButton.text(language))</button>
            </form>
            """))
    }
}
