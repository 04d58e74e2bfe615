import Hummingbird
import SaudaChannels
import SaudaCore

/// The web-chat widget a business pastes into its own site: its script (`GET /widget/{public_id}.js`) and its API
/// (`/api/v1/widget/{public_id}/…`), the web chat's own endpoints with the business taken from the widget's
/// connection, never from the page.
///
/// The API answers only pages of the widget's allowed origins (``WidgetCORS``: 403 otherwise, preflights answered)
/// and only while the widget is open: an unknown widget is 404, a paused or failing one, or one of a suspended
/// business, 503 with the reason. The script always loads; a widget that is not open shows a closed chat.
struct WidgetController: Sendable {
    let chat: WebChatController
    let widgets: WebChatWidgetDirectory

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("widget/:file", use: script)
        let api = router.group("api/v1/widget")
        api.post(":widget/sessions", use: newSession)
        api.post(":widget/messages", use: post)
        api.get(":widget/sessions/:session/messages", use: messages)
        api.get(":widget/sessions/:session/events", use: events)
        for path in [":widget/sessions", ":widget/messages", ":widget/sessions/:session/messages", ":widget/sessions/:session/events"] {
            api.on(RouterPath(path), method: .options, use: preflight)
        }
    }

    /// The widget's script with its config; a closed chat for a widget that is not open (and for an unknown id).
    @Sendable func script(request: Request, context: AppRequestContext) async throws -> Response {
        let file = try context.parameters.require("file")
        guard file.hasSuffix(".js") else { throw APIError(.notFound, "no such widget file «\(String(file.prefix(100)))»; the snippet names /widget/<public id>.js") }
        let widget = try await widgets.widget(publicID: String(file.dropLast(3)))
        return Response(
            status: .ok,
            headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=5",
                      .xContentTypeOptions: "nosniff", .crossOriginResourcePolicy: "cross-origin"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: WidgetScript.render(widget.config))))
    }

    /// A preflight: 204 with the methods and headers the widget uses, for an allowed origin.
    @Sendable func preflight(request: Request, context: AppRequestContext) async throws -> Response {
        let widget = try await widgets.widget(publicID: context.parameters.require("widget"))
        let cors = try WidgetCORS(request: request, widget: widget)
        var headers = cors.headers
        headers.append(contentsOf: WidgetCORS.preflightHeaders)
        return Response(status: .noContent, headers: headers)
    }

    @Sendable func newSession(request: Request, context: AppRequestContext) async throws -> Response {
        try await answer(request, context) { tenant in try await chat.startSession(tenantID: tenant, request: request, context: context) }
    }

    @Sendable func post(request: Request, context: AppRequestContext) async throws -> Response {
        try await answer(request, context) { tenant in try await chat.accept(tenantID: tenant, request: request, context: context) }
    }

    @Sendable func messages(request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.parameters.require("session")
        return try await answer(request, context) { tenant in try await chat.conversation(tenantID: tenant, session: session) }
    }

    @Sendable func events(request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.parameters.require("session")
        return try await answer(request, context) { tenant in try await chat.stream(tenantID: tenant, session: session) }
    }

    /// Checks the widget and the page's origin, then answers with `body` for the widget's business; the answer, or
    /// the refusal, carries the CORS headers of an allowed page.
    private func answer(_ request: Request, _ context: AppRequestContext,
                        _ body: (_ tenantID: String) async throws -> Response) async throws -> Response {
        let widget = try await widgets.widget(publicID: context.parameters.require("widget"))
        let cors = try WidgetCORS(request: request, widget: widget)
        do {
            guard case .open = widget.standing, let tenantID = widget.tenantID else {
                if case .closed(let reason) = widget.standing {
                    throw APIError(.serviceUnavailable, reason, headers: [.retryAfter: "60"])
                }
                throw APIError(.notFound, "unknown widget «\(widget.publicID)»")
            }
            return cors.apply(to: try await body(tenantID))
        } catch let error as APIError {
            throw cors.apply(to: error)
        }
    }
}
