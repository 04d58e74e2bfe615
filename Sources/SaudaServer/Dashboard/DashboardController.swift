import Foundation
import Hummingbird
import Logging
import SaudaBus
import SaudaCore
import SaudaStore

/// The operator console under `/console`: server-rendered pages with a little plain JavaScript for live updates.
///
/// Every page and action reads the token from the session cookie and checks it with the authenticator: without a
/// valid token a page redirects to the login form, a role too low gets a 403 page with the reason, and every query
/// is limited to the token's tenant (another tenant's conversation is "not found"). Forms are refused when they
/// come from another site (`Origin`, `Sec-Fetch-Site`).
struct DashboardController: Sendable {
    let console: OperatorConsole
    let authenticator: AdminAuthenticator
    let bus: any MessageBus
    let logger: Logger
    /// How often a live stream looks for changes.
    var pollInterval: Duration = .seconds(1)
    /// How long one live stream lasts before the browser reconnects (and the token is checked again).
    var streamLifetime: Duration = .seconds(300)

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("console/assets/console.css") { _, _ in Self.asset(ConsoleAssets.stylesheet, type: "text/css; charset=utf-8") }
        router.get("console/assets/console.js") { _, _ in Self.asset(ConsoleAssets.script, type: "text/javascript; charset=utf-8") }
        router.get("console/login", use: loginForm)
        router.post("console/login", use: login)
        router.post("console/logout", use: logout)
        router.get("console", use: today)
        router.get("console/conversations", use: conversations)
        router.get("console/conversations/:id", use: conversation)
        router.post("console/conversations/:id/take-over", use: takeOver)
        router.post("console/conversations/:id/hand-back", use: handBack)
        router.post("console/conversations/:id/send", use: send)
        router.get("console/events/contacts", use: contactEvents)
        router.get("console/events/conversations/:id", use: conversationEvents)
        router.get("console/follow-ups", use: followUps)
        router.get("console/calls", use: calls)
        router.get("console/whitelist", use: whitelist)
        router.post("console/whitelist", use: addToWhitelist)
        router.post("console/whitelist/remove", use: removeFromWhitelist)
        router.get("console/knowledge", use: knowledge)
        router.get("console/knowledge/document", use: knowledgeDocument)
        router.post("console/knowledge", use: saveKnowledgeDocument)
        router.post("console/knowledge/remove", use: removeKnowledgeDocument)
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=86400"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// An HTML response.
    static func page(_ markup: HTML, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                           .frameOptions: "DENY", .referrerPolicy: "same-origin",
                                           .contentSecurityPolicy: "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: markup.rendered)))
    }

    /// Runs a page or an action for a signed-in caller whose role allows `role`; answers the login redirect, the
    /// 403 page, the 404 page and the other failures in HTML.
    func signedIn(_ request: Request, needs role: AccessRole = .viewer, _ body: (ConsoleContext) async throws -> Response) async -> Response {
        let (language, chosenNow) = ConsoleSession.language(of: request)
        var response = await respond(request, language: language, needs: role, body)
        if chosenNow { response.setCookie(ConsoleSession.languageCookie(language)) }
        return response
    }

    private func respond(_ request: Request, language: ConsoleLanguage, needs role: AccessRole,
                         _ body: (ConsoleContext) async throws -> Response) async -> Response {
        let isAction = request.method == .post
        if isAction, ConsoleSession.isForeign(request) {
            return Self.page(LoginPage.bare(status: 403, text: ConsoleText.foreignOrigin.text(language), language: language), status: .forbidden)
        }
        guard let token = ConsoleSession.token(of: request) else { return loginRedirect(request) }
        let principal: Principal
        do {
            principal = try await authenticator.authorize(token: token, needs: .viewer)
        } catch let error as APIError where error.status == .unauthorized {
            var response = loginRedirect(request)
            response.setCookie(ConsoleSession.clearingCookie)
            return response
        } catch let error as APIError {
            return Self.page(LoginPage.bare(status: Int(error.status.code), text: error.reason, language: language), status: error.status)
        } catch {
            logger.error("the console could not check a token", metadata: ["error": "\(error)"])
            return Self.page(LoginPage.bare(status: 500, text: ConsoleText.serverError.text(language), language: language),
                             status: .internalServerError)
        }
        let path = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        let context = ConsoleContext(principal: principal, language: language, timeZone: console.timeZone, path: path)
        guard principal.role >= role else {
            let reason = context.t(.roleTooLow, ConsoleLayout.roleName(principal.role, context),
                                ConsoleLayout.roleName(role, context))
            return Self.page(ConsoleLayout.problem(status: 403, title: context.t(.forbiddenTitle), reason: reason, context: context),
                             status: .forbidden)
        }
        do {
            return try await body(context)
        } catch let error as APIError {
            let title = error.status == .notFound ? context.t(.notFoundTitle) : context.t(.problemTitle)
            let reason = error.status == .notFound ? context.t(.notFoundText) : error.reason
            return Self.page(ConsoleLayout.problem(status: Int(error.status.code), title: title, reason: reason, context: context),
                             status: error.status)
        } catch {
            logger.error("a console page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return Self.page(ConsoleLayout.problem(status: 500, title: context.t(.problemTitle), reason: context.t(.serverError), context: context),
                             status: .internalServerError)
        }
    }

    private func loginRedirect(_ request: Request) -> Response {
        let next = request.method == .get ? request.uri.path + (request.uri.query.map { "?" + $0 } ?? "") : "/console"
        return ConsoleSession.redirect(to: "/console/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: Markup.queryAllowed) ?? ""))
    }

    /// The body of a form post as fields (at most `limit` bytes).
    static func form(_ request: Request, limit: Int = 64 * 1024) async throws -> FormFields {
        let buffer = try await request.body.collect(upTo: limit)
        return FormFields(urlEncoded: String(buffer: buffer))
    }

    /// The query string as fields.
    static func query(_ request: Request) -> FormFields {
        FormFields(urlEncoded: request.uri.query ?? "")
    }
}
