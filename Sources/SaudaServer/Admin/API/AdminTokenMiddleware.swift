import Hummingbird
import SaudaCore

/// Checks the `Authorization: Bearer …` token of every request of the admin API group once, before the route's
/// ``AdminRequestContext`` is made: an unknown or revoked token gets 401, a token over its rate 429 with
/// `Retry-After`. The role each endpoint needs is checked afterwards, by the endpoint (``APIRoutes``).
struct AdminTokenMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let authenticator: AdminAuthenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.authentication = .adminToken(try await authenticator.authenticate(request))
        return try await next(request, context)
    }
}
