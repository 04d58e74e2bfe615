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
            return Self.page(LoginPage.render(language: language, next: next, error: ConsoleText.loginFailed.text(language)),
                             status: .unauthorized)
        }
    }

    @Sendable func logout(request: Request, context: AppRequestContext) async throws -> Response {
        let (language, _) = ConsoleSession.language(of: request)
        if ConsoleSession.isForeign(request) {
            return Self.page(LoginPage.bare(status: 403, text: ConsoleText.foreignOrigin.text(language), language: language), status: .forbidden)
        }
        var response = ConsoleSession.redirect(to: "/console/login")
        response.setCookie(ConsoleSession.clearingCookie)
        return response
    }
}
