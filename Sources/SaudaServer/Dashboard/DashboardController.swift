import Foundation
import Hummingbird
import Logging
import NIOCore
import SaudaBus
import SaudaCore
import SaudaModels
import SaudaStore

/// The operator console under `/console`: server-rendered pages with a little plain JavaScript for live updates.
///
/// Every page and action but the assets, the login form and signing out sits in one router group: ``ConsoleSessionMiddleware`` reads the token
/// from the session cookie and checks it once (without a valid token a page redirects to the login form; forms
/// from another site, by `Origin` or `Sec-Fetch-Site`, are refused), and the handlers get a
/// ``ConsoleRequestContext`` with the signed-in caller. ``ConsoleRoleMiddleware`` gives a role too low the 403
/// page with the reason. Every query is limited to the caller's tenant (another tenant's conversation is "not
/// found").
struct DashboardController: Sendable {
    let console: OperatorConsole
    let authenticator: AdminAuthenticator
    let bus: any MessageBus
    let logger: Logger
    /// Signs people in with an email and a password.
    let accounts: AccountSignIn
    /// The client's address of a request (sign-in attempts are limited per address).
    let clientAddress: ClientAddress
    /// Each business's settings, for the business page.
    let businesses: BusinessDirectory
    /// Seals the secrets an admin enters on the business page (the model key, the CRM credentials); `nil`: they are refused.
    var secrets: SecretSealer?
    /// Businesses and the people who join them (the owner's pages, the team page, invitations and sign-up).
    let administration: BusinessAdministration
    /// `SIGNUP`: whether `/console/signup` makes businesses.
    var signUp: SignUpMode = .closed
    /// The model's budget now, for the wait on the first page; `nil` with the offline engine or in a process without the agent.
    var modelBudget: @Sendable () -> ProviderBudget.Snapshot? = { nil }
    /// The channel connections' editor and Wappi calls, for the channels page; `nil`: the page answers 404.
    var channels: ChannelConsoleParts?
    /// How often a live stream looks for changes.
    var pollInterval: Duration = .seconds(1)
    /// How long one live stream lasts before the browser reconnects (and the token is checked again).
    var streamLifetime: Duration = .seconds(300)

    func addRoutes(to router: Router<AppRequestContext>) {
        // Reachable without a session: the assets, the login form and signing in and out.
        router.get("console/assets/console.css") { _, _ in Self.asset(ConsoleAssets.stylesheet, type: "text/css; charset=utf-8") }
        router.get("console/assets/console.js") { _, _ in Self.asset(ConsoleAssets.script, type: "text/javascript; charset=utf-8") }
        router.get("console/login", use: loginForm)
        router.post("console/login", use: login)
        router.post("console/logout", use: logout)
        router.get("console/invite/:token", use: invitePage)
        router.post("console/invite/:token", use: acceptInvite)
        router.get("console/signup", use: signUpPage)
        router.post("console/signup", use: signUpSubmit)

        // Everything else needs the session cookie; pages read `context.page` and `context.tenantID`.
        let viewers = router.group("console")
            .add(middleware: ConsoleSessionMiddleware(authenticator: authenticator, timeZone: console.timeZone, businesses: businesses, logger: logger))
            .group(context: ConsoleRequestContext.self)
        viewers.get("catalogue", use: catalogue)
        viewers.get("catalogue/export", use: exportCatalogue)
        viewers.get(use: today)
        viewers.get("conversations", use: conversations)
        viewers.get("conversations/:id", use: conversation)
        viewers.get("conversations/:id/messages/:message", use: wholeMessage)
        viewers.get("events/contacts", use: contactEvents)
        viewers.get("events/conversations/:id", use: conversationEvents)
        viewers.get("leads", use: leads)
        viewers.get("leads.csv", use: leadsCSV)
        viewers.get("alerts", use: alerts)
        viewers.get("alerts/count", use: alertCount)
        viewers.get("follow-ups", use: followUps)
        viewers.get("calls", use: calls)
        viewers.get("whitelist", use: whitelist)
        viewers.get("business", use: business)
        viewers.get("channels", use: channelList)
        viewers.get("knowledge", use: knowledge)
        viewers.get("knowledge/document", use: knowledgeDocument)

        let operators = viewers.group().add(middleware: ConsoleRoleMiddleware(role: .operator))
        operators.post("catalogue/product", use: updateCatalogueProduct)
        operators.post("conversations/:id/take-over", use: takeOver)
        operators.post("conversations/:id/hand-back", use: handBack)
        operators.post("conversations/:id/send", use: send)
        operators.post("leads/:id/stage", use: setLeadStage)
        operators.post("alerts/:id/resolve", use: resolveAlert)

        let admins = viewers.group().add(middleware: ConsoleRoleMiddleware(role: .admin))
        admins.get("export", use: exportBusiness)
        admins.post("catalogue/import", use: importCatalogue)
        admins.post("whitelist", use: addToWhitelist)
        admins.post("business", use: saveBusiness)
        admins.post("business/model", use: saveBusinessModel)
        admins.post("business/crm", use: saveBusinessCRM)
        admins.post("business/crm/remove", use: removeBusinessCRM)
        admins.post("conversations/:id/crm/:sync/retry", use: retryCRMSync)
        admins.post("business/crm/syncs/:sync/retry", use: retryBusinessCRMSync)
        admins.post("business/prompt", use: saveBusinessPrompt)
        admins.post("channels", use: addChannel)
        admins.post("channels/:id", use: saveChannel)
        admins.post("channels/:id/state", use: setChannelState)
        admins.post("channels/:id/check", use: checkChannel)
        admins.post("channels/:id/webhook", use: registerChannelWebhook)
        admins.post("channels/:id/remove", use: removeChannel)
        admins.post("whitelist/remove", use: removeFromWhitelist)
        admins.post("knowledge", use: saveKnowledgeDocument)
        admins.post("knowledge/remove", use: removeKnowledgeDocument)
        admins.get("team", use: team)
        admins.post("team/invite", use: inviteToTeam)

        // The installation's owner only (each handler checks it: anyone else gets the 403 page).
        admins.get("installation", use: installation)
        admins.post("installation/businesses", use: createBusiness)
        admins.post("installation/businesses/:business/open", use: openBusiness)
        admins.post("installation/businesses/:business/suspend", use: suspendBusiness)
        admins.post("installation/businesses/:business/resume", use: resumeBusiness)
        admins.post("installation/businesses/:business/delete", use: deleteBusiness)
        admins.post("installation/businesses/:business/invite", use: inviteToBusiness)
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

    /// The body of a form post as fields (at most `limit` bytes).
    /// - Throws: ``APIError`` 413 when the body is larger.
    static func form(_ request: Request, limit: Int = 64 * 1024) async throws -> FormFields {
        FormFields(urlEncoded: String(buffer: try await body(request, limit: limit)))
    }

    /// The body of a post, at most `limit` bytes.
    /// - Throws: ``APIError`` 413 when the body is larger.
    static func body(_ request: Request, limit: Int) async throws -> ByteBuffer {
        do { return try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "the form is larger than \(limit) bytes")
        }
    }

    /// The query string as fields.
    static func query(_ request: Request) -> FormFields {
        FormFields(urlEncoded: request.uri.query ?? "")
    }
}
