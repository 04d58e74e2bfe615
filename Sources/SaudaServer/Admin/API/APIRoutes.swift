import Hummingbird
import Logging
import SaudaCore

/// What an admin handler gets besides the request: the authorised caller, the path parameters and the request's
/// logger (with its request id).
struct AdminContext: Sendable {
    /// Who calls, and for which tenant.
    let caller: Principal
    /// Path parameters (`:contact`, `:name`, `:id`).
    let parameters: Parameters
    /// The request's logger.
    let logger: Logger
}

/// One endpoint of the admin API, as registered (the OpenAPI document is checked against this list).
public struct APIEndpoint: Sendable, Hashable {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    public let method: String
    /// The path under `/api/v1/`, in OpenAPI form (`contacts/{contact}`).
    public let path: String
    /// What it does.
    public let summary: String
    /// The least role that may call it.
    public let role: AccessRole
}

/// Registers admin endpoints under `/api/v1/` so that each one checks the caller's token and role before its
/// handler runs (401 / 403 / 429 otherwise), and remembers what it registered.
final class APIRoutes {
    typealias Handler = @Sendable (Request, AdminContext) async throws -> Response

    private let router: Router<BasicRequestContext>
    private let authenticator: AdminAuthenticator
    /// Everything registered so far.
    private(set) var endpoints: [APIEndpoint] = []

    init(router: Router<BasicRequestContext>, authenticator: AdminAuthenticator) {
        self.router = router
        self.authenticator = authenticator
    }

    func get(_ path: String, summary: String, role: AccessRole, use handler: @escaping Handler) {
        add(.get, path, summary: summary, role: role, handler)
    }

    func post(_ path: String, summary: String, role: AccessRole, use handler: @escaping Handler) {
        add(.post, path, summary: summary, role: role, handler)
    }

    func put(_ path: String, summary: String, role: AccessRole, use handler: @escaping Handler) {
        add(.put, path, summary: summary, role: role, handler)
    }

    func delete(_ path: String, summary: String, role: AccessRole, use handler: @escaping Handler) {
        add(.delete, path, summary: summary, role: role, handler)
    }

    private func add(_ method: HTTPRequest.Method, _ path: String, summary: String, role: AccessRole, _ handler: @escaping Handler) {
        let authenticator = self.authenticator
        router.on(RouterPath("api/v1/" + path), method: method) { request, context -> Response in
            let caller = try await authenticator.authorize(request, needs: role)
            var logger = context.logger
            logger[metadataKey: "tenant"] = "\(caller.tenantID)"
            return try await handler(request, AdminContext(caller: caller, parameters: context.parameters, logger: logger))
        }
        let documented = path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        endpoints.append(APIEndpoint(method: method.rawValue, path: documented, summary: summary, role: role))
    }
}
