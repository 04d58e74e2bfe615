import Hummingbird

/// The CORS answer of the widget's API to a page: its `Origin` must be one of the widget's allowed origins, which is
/// then echoed (with `Vary: Origin`); anything else is refused 403 with the reason.
struct WidgetCORS: Sendable {
    /// The headers every answer to an allowed page carries.
    let headers: HTTPFields

    /// The methods and headers a preflight grants.
    static let preflightHeaders: HTTPFields = [
        .accessControlAllowMethods: "GET, POST, OPTIONS",
        .accessControlAllowHeaders: "Content-Type",
        .accessControlMaxAge: "600",
    ]

    /// Checks the request's `Origin` against `widget`.
    /// - Throws: ``APIError`` 404 for an unknown widget, 403 for a request without `Origin` or from a page of another
    ///   origin.
    init(request: Request, widget: WebChatWidget) throws(APIError) {
        if widget.standing == .unknown { throw APIError(.notFound, "unknown widget «\(widget.publicID)»") }
        guard let origin = request.headers[.origin], !origin.isEmpty else {
            throw APIError(.forbidden, "the widget answers only pages of its allowed origins, and this request names none (Origin)")
        }
        guard widget.allows(origin: origin) else {
            throw APIError(.forbidden, "origin «\(String(origin.prefix(200)))» is not among this widget's allowed origins")
        }
        headers = [.accessControlAllowOrigin: origin, .vary: "Origin", .accessControlExposeHeaders: "Retry-After"]
    }

    /// `response` with the CORS headers.
    func apply(to response: Response) -> Response {
        var response = response
        response.headers.append(contentsOf: headers)
        return response
    }

    /// `error` with the CORS headers, so that the page can read the reason.
    func apply(to error: APIError) -> APIError {
        var error = error
        error.headers.append(contentsOf: headers)
        return error
    }
}
