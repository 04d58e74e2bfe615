import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

extension DashboardController {
    /// Only paths of the console are followed after signing in (no open redirect).
    static func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/console"), !raw.hasPrefix("/console/login"), !raw.contains("//"), !raw.contains("\\") else {
            return "/console"
        }
        return raw
    }

    @Sendable func loginForm(request: Request, context: AppRequestContext) async throws -> Response {
        let (language, chosenNow) = ConsoleSession.language(of: request)
        let next = Self.safeNext(Self.query(request)["next"])
        var response = Self.page(LoginPage.render(language: language, next: next))
        if chosenNow { response.setCookie(ConsoleSession.languageCookie(language)) }
        return response
    }

    @Sendable func login(request: Request, context: AppRequestContext) async throws -> Response {
        let (language, _) = ConsoleSession.language(of: request)
        if ConsoleSession.isForeign(request) {
            return Self.page(LoginPage.bare(status: 403, text: ConsoleText.foreignOrigin.text(language), language: language), status: .forbidden)
        }
        let form = try await Self.form(request, limit: 4096)
        let next = Self.safeNext(form["next"])
        if let email = form.nonEmpty("email") {
            return try await signIn(email: email, password: form["password"] ?? "", next: next, request: request, context: context, language: language)
        }
        let token = form.nonEmpty("token") ?? ""
        do {
            let principal = try await authenticator.authorize(token: token, needs: .viewer)
            logger.info("signed in to the console", metadata: ["tenant": "\(principal.tenantID)", "token": "\(principal.tokenID)"])
            var response = ConsoleSession.redirect(to: next)
            response.setCookie(ConsoleSession.cookie(token: token, secure: ConsoleSession.isHTTPS(request)))
            return response
        } catch let error as APIError where error.status == .tooManyRequests {
            return Self.page(LoginPage.render(language: language, next: next, error: error.reason), status: .tooManyRequests)
        } catch let error as APIError where error.status == .unauthorized {
            return Self.page(LoginPage.render(language: language, next: next, error: SignInText.loginFailed.text(language)),
                             status: .unauthorized)
        }
    }

    /// Signs in with an account's email and password: the cookie gets a session of the account's business.
    private func signIn(email: String, password: String, next: String, request: Request, context: AppRequestContext,
                        language: ConsoleLanguage) async throws -> Response {
        do {
            let session = try await accounts.signIn(email: email, password: password, address: clientAddress.resolve(request, context: context))
            logger.info("signed in to the console", metadata: [
                "tenant": "\(session.membership.tenantID)", "account": "\(session.account.id)", "role": "\(session.membership.role.rawValue)"])
            var response = ConsoleSession.redirect(to: next)
            response.setCookie(ConsoleSession.cookie(token: session.token, secure: ConsoleSession.isHTTPS(request)))
            return response
        } catch let refusal as AccountSignIn.Refusal {
            let (text, status): (SignInText, HTTPResponse.Status) = switch refusal {
            case .badCredentials: (.accountFailed, .unauthorized)
            case .noBusiness: (.accountWithoutBusiness, .forbidden)
            case .businessSuspended: (.businessSuspended, .forbidden)
            case .tooManyAttempts: (.tooManySignIns, .tooManyRequests)
            }
            logger.notice("console sign-in refused", metadata: ["reason": "\(refusal)"])
            var response = Self.page(LoginPage.render(language: language, next: next, error: text.text(language)), status: status)
            if case .tooManyAttempts(let wait) = refusal { response.headers[.retryAfter] = "\(wait.retryAfterSeconds)" }
            return response
        }
    }

    @Sendable func logout(request: Request, context: AppRequestContext) async throws -> Response {
        let (language, _) = ConsoleSession.language(of: request)
        if ConsoleSession.isForeign(request) {
            return Self.page(LoginPage.bare(status: 403, text: ConsoleText.foreignOrigin.text(language), language: language), status: .forbidden)
        }
        // A session of an account ends on the server too; an API token used as a session is only forgotten by the browser.
        if let token = ConsoleSession.token(of: request) {
            let hash = AccessTokens.hash(token)
            let ended = try await console.database.transaction { sql -> Bool in
                let tokens = ApiTokenRepository(sql)
                guard let session = try await tokens.find(hash: hash), session.accountID != nil else { return false }
                return try await tokens.revoke(id: session.id, now: Date())
            }
            if ended { authenticator.forget() }
        }
        var response = ConsoleSession.redirect(to: "/console/login")
        response.setCookie(ConsoleSession.clearingCookie)
        return response
    }
}
