import Hummingbird
import Logging
import SaudaCore

/// The context of a console page or action behind the session cookie: the request's core context plus the page's
/// ``ConsoleContext`` (the signed-in caller, the language, the time zone, the path), which
/// ``ConsoleSessionMiddleware`` established.
struct ConsoleRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// Who is looking, in which language and time zone, at which path.
    let page: ConsoleContext

    /// The signed-in token's tenant, role and name.
    var principal: Principal { page.principal }
    /// The tenant whose data the page shows, and no other.
    var tenantID: String { page.principal.tenantID }

    /// Takes the session established by ``ConsoleSessionMiddleware``.
    /// - Throws: ``APIError`` 401 when no session was checked (a route outside the middleware's group).
    init(context: AppRequestContext) throws {
        guard case .consoleSession(let page) = context.authentication else {
            throw APIError(.unauthorized, "sign in to the console first")
        }
        self.coreContext = context.coreContext
        self.page = page
        self.logger[metadataKey: "tenant"] = "\(page.principal.tenantID)"
    }
}
