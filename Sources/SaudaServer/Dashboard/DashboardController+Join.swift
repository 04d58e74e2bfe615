import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The pages reached without a session that make an account and sign it in: an invitation's link
/// (`/console/invite/{token}`, whatever `SIGNUP` says) and self-service sign-up (`/console/signup`: 404 with
/// `SIGNUP=closed`, a page pointing to invitations with `invite`, the form with `open`). Attempts are limited per
/// client address, as signing in is.
extension DashboardController {
    @Sendable func invitePage(request: Request, context: AppRequestContext) async throws -> Response {
        let (language, _) = ConsoleSession.language(of: request)
        let token = try context.parameters.require("token")
        do {
            let (invite, business, account) = try await administration.invitation(token: token)
            return Self.page(JoinPage.invite(token: token, business: business, email: invite.email, existing: account != nil, language: language))
        } catch let error as AdministrationError {
            let refusal = APIError(error)
            return Self.page(JoinPage.inviteGone(status: Int(refusal.status.code), reason: error.description, language: language), status: refusal.status)
        }
    }

    @Sendable func acceptInvite(request: Request, context: AppRequestContext) async throws -> Response {
        let (language, _) = ConsoleSession.language(of: request)
        if ConsoleSession.isForeign(request) {
            return Self.page(LoginPage.bare(status: 403, text: ConsoleText.foreignOrigin.text(language), language: language), status: .forbidden)
        }
        let token = try context.parameters.require("token")
        if let refused = limited(request, context: context, key: "invite", language: language) { return refused }
        let form = try await Self.form(request, limit: 4096)
        do {
            let (account, membership) = try await administration.accept(token: token, name: form["name"] ?? "", password: form["password"] ?? "")
            logger.info("invitation accepted", metadata: ["tenant": "\(membership.tenantID)", "account": "\(account.id)",
                                                          "role": "\(membership.role.rawValue)"])
            return try await signedIn(account: account, membership: membership, request: request)
        } catch let error as AdministrationError {
            let refusal = APIError(error)
            switch error {
            case .invalid, .wrongPassword:
                // The form again, with the reason.
                let (invite, business, existing) = try await administration.invitation(token: token)
                return Self.page(JoinPage.invite(token: token, business: business, email: invite.email, existing: existing != nil, language: language,
                                                 error: error.description), status: refusal.status)
            default:
                return Self.page(JoinPage.inviteGone(status: Int(refusal.status.code), reason: error.description, language: language),
                                 status: refusal.status)
            }
        }
    }

    @Sendable func signUpPage(request: Request, context: AppRequestContext) async throws -> Response {
        let (language, _) = ConsoleSession.language(of: request)
        if let closed = signUpClosed(language) { return closed }
        return Self.page(JoinPage.signUp(language: language))
    }

    @Sendable func signUpSubmit(request: Request, context: AppRequestContext) async throws -> Response {
        let (language, _) = ConsoleSession.language(of: request)
        if let closed = signUpClosed(language) { return closed }
        if ConsoleSession.isForeign(request) {
            return Self.page(LoginPage.bare(status: 403, text: ConsoleText.foreignOrigin.text(language), language: language), status: .forbidden)
        }
        if let refused = limited(request, context: context, key: "signup", language: language) { return refused }
        let form = try await Self.form(request, limit: 8192)
        do {
            let (business, account) = try await administration.signUp(businessName: form["business_name"] ?? "", timeZone: form["time_zone"] ?? "",
                                                                      name: form["name"] ?? "", email: form["email"] ?? "",
                                                                      password: form["password"] ?? "")
            logger.notice("a business signed up", metadata: ["tenant": "\(business.id)", "account": "\(account.id)"])
            return try await signedIn(account: account, membership: Membership(tenantID: business.id, role: .admin), request: request)
        } catch let error as AdministrationError {
            return Self.page(JoinPage.signUp(language: language, error: error.description, values: form), status: APIError(error).status)
        }
    }

    /// The answer to the sign-up page when `SIGNUP` is not `open`: 404 when closed, the invitation notice (403) with `invite`.
    private func signUpClosed(_ language: ConsoleLanguage) -> Response? {
        switch signUp {
        case .open: nil
        case .closed: Self.page(LoginPage.bare(status: 404, text: ConsoleText.notFoundText.text(language), language: language), status: .notFound)
        case .invite: Self.page(LoginPage.bare(status: 403, text: InstallationText.signUpInviteOnly.text(language), language: language),
                                status: .forbidden)
        }
    }

    /// 429 with `Retry-After` when the client's address is over its attempts of `key`.
    private func limited(_ request: Request, context: AppRequestContext, key: String, language: ConsoleLanguage) -> Response? {
        guard case .refused(let wait) = accounts.attempts.take(key + ":address:" + clientAddress.resolve(request, context: context)) else { return nil }
        var response = Self.page(LoginPage.bare(status: 429, text: SignInText.tooManySignIns.text(language), language: language), status: .tooManyRequests)
        response.headers[.retryAfter] = "\(wait.retryAfterSeconds)"
        return response
    }

    /// Signs the new member in: a session of the business, in the cookie, and on to the console.
    private func signedIn(account: Account, membership: Membership, request: Request) async throws -> Response {
        let token = try await console.database.transaction { sql in
            try await AccountSignIn.openSession(account: account, membership: membership, in: sql)
        }
        var response = ConsoleSession.redirect(to: "/console")
        response.setCookie(ConsoleSession.cookie(token: token, secure: ConsoleSession.isHTTPS(request)))
        return response
    }
}
