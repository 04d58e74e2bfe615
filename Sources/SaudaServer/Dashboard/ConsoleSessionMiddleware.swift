import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// Signs in every request of the console's page group once, from the session cookie, before the route's
/// ``ConsoleRequestContext`` is made, and answers the failures in HTML:
///
/// - a form posted from another site: the 403 page (before the cookie is looked at);
/// - no cookie: a redirect to the login form (`next` is the page for a GET, else `/console`);
/// - an unknown or revoked token: the same redirect, clearing the cookie;
/// - a token over its rate (429) or a failed check: the bare error page;
/// - a page or action that throws: the problem page (404 "not found" for a 404, "too large" for a 413, the reason
///   for another ``APIError``, the status of another HTTP error below 500, a 500 page for anything else, which is logged and counted in
///   `sauda_failures_total{component="http",cause="internal"}`).
///
/// A language chosen with `?lang=` is remembered in its cookie on every answer. The role a page needs is checked
/// after this, by ``ConsoleRoleMiddleware``.
struct ConsoleSessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let authenticator: AdminAuthenticator
    /// The installation's time zone: pages show times in their business's zone, in this one when it cannot be read.
    let timeZone: TimeZone
    /// The businesses' settings, for the time zone of the signed-in person's business.
    let businesses: BusinessDirectory
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let (language, chosenNow) = ConsoleSession.language(of: request)
        var response = await respond(request, context: context, language: language, next: next)
        if chosenNow { response.setCookie(ConsoleSession.languageCookie(language)) }
        return response
    }

    private func respond(_ request: Request, context: Context, language: ConsoleLanguage,
                         next: (Request, Context) async throws -> Response) async -> Response {
        if request.method == .post, ConsoleSession.isForeign(request) {
            return DashboardController.page(LoginPage.bare(status: 403, text: ConsoleText.foreignOrigin.text(language), language: language),
                                            status: .forbidden)
        }
        guard let token = ConsoleSession.token(of: request) else { return Self.loginRedirect(request) }
        let principal: Principal
        do {
            principal = try await authenticator.authenticate(token: token)
        } catch let error as APIError where error.status == .unauthorized {
            var response = Self.loginRedirect(request)
            response.setCookie(ConsoleSession.clearingCookie)
            return response
        } catch let error as APIError {
            return DashboardController.page(LoginPage.bare(status: Int(error.status.code), text: error.reason, language: language),
                                            status: error.status)
        } catch {
            logger.error("the console could not check a token", metadata: ["error": "\(error)"])
            RequestLoggingMiddleware.countInternalFailure()
            return DashboardController.page(LoginPage.bare(status: 500, text: ConsoleText.serverError.text(language), language: language),
                                            status: .internalServerError)
        }
        let path = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        // The business's own zone: its calendar, its calls and its messages' times are in its hours, not the installation's.
        let zone = (try? await businesses.calendar(principal.tenantID).timeZone) ?? timeZone
        let page = ConsoleContext(principal: principal, language: language, timeZone: zone, path: path)
        var context = context
        context.authentication = .consoleSession(page)
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return Self.problem(status: error.status, reason: error.reason, page: page)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            return Self.problem(status: error.status, reason: page.t(.problemTitle), page: page)
        } catch {
            logger.error("a console page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            RequestLoggingMiddleware.countInternalFailure()
            return DashboardController.page(ConsoleLayout.problem(status: 500, title: page.t(.problemTitle), reason: page.t(.serverError),
                                                                  context: page),
                                            status: .internalServerError)
        }
    }

    /// The problem page of a refused page or action: "not found" for a 404, "too large" for a 413, else `reason`.
    static func problem(status: HTTPResponse.Status, reason: String, page: ConsoleContext) -> Response {
        let title = status == .notFound ? page.t(.notFoundTitle) : page.t(.problemTitle)
        let text = switch status {
        case .notFound: page.t(.notFoundText)
        case .contentTooLarge: page.t(.formTooLarge)
        default: reason
        }
        return DashboardController.page(ConsoleLayout.problem(status: Int(status.code), title: title, reason: text, context: page),
                                        status: status)
    }

    /// The login form, coming back to this page after signing in.
    static func loginRedirect(_ request: Request) -> Response {
        let next = request.method == .get ? request.uri.path + (request.uri.query.map { "?" + $0 } ?? "") : "/console"
        return ConsoleSession.redirect(to: "/console/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: Markup.queryAllowed) ?? ""))
    }
}
