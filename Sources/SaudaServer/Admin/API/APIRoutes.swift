import Hummingbird
import Logging
import SaudaCore

/// One endpoint of the admin API, as registered (the OpenAPI document is checked against this list).
public struct APIEndpoint: Sendable, Hashable {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    public let method: String
    /// The path under `/api/v1/`, in OpenAPI form (`contacts/{contact}`).
    public let path: String
    /// What it does.
    public let summary: String
    /// The least role that may call it (an owner-only endpoint: admin, which every owner is).
    public let role: AccessRole
    /// Whether only the installation's owner may call it (``APIRoutes/owner(_:_:summary:use:)``).
    public let ownerOnly: Bool

    /// Who may call it, as the OpenAPI document's `x-sauda-role` says: `owner`, or the least role.
    public var access: String { ownerOnly ? "owner" : role.rawValue }

    /// Creates the description of an endpoint.
    public init(method: String, path: String, summary: String, role: AccessRole, ownerOnly: Bool = false) {
        self.method = method
        self.path = path
        self.summary = summary
        self.role = role
        self.ownerOnly = ownerOnly
    }
}

/// Registers admin endpoints under `/api/v1/` and remembers what it registered. The endpoints form one router group
/// whose ``AdminTokenMiddleware`` checks the caller's token once (401 / 429) and whose handlers get an
/// ``AdminRequestContext`` with the caller; each endpoint then checks the role it declares, or that the caller is the
/// installation's owner (403).
final class APIRoutes {
    typealias Handler = @Sendable (Request, AdminRequestContext) async throws -> Response

    private let group: RouterGroup<AdminRequestContext>
    /// Everything registered so far.
    private(set) var endpoints: [APIEndpoint] = []

    init(router: Router<AppRequestContext>, authenticator: AdminAuthenticator) {
        group = router.group("api/v1")
            .add(middleware: AdminTokenMiddleware(authenticator: authenticator))
            .group(context: AdminRequestContext.self)
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

    func patch(_ path: String, summary: String, role: AccessRole, use handler: @escaping Handler) {
        add(.patch, path, summary: summary, role: role, handler)
    }

    func delete(_ path: String, summary: String, role: AccessRole, use handler: @escaping Handler) {
        add(.delete, path, summary: summary, role: role, handler)
    }

    /// Registers an endpoint only the installation's owner may call: a token of an owner account (a console session's
    /// or one made with `sauda token create --owner`); anyone else gets 403.
    func owner(_ method: HTTPRequest.Method, _ path: String, summary: String, use handler: @escaping Handler) {
        add(method, path, summary: summary, role: .admin, ownerOnly: true, handler)
    }

    private func add(_ method: HTTPRequest.Method, _ path: String, summary: String, role: AccessRole, ownerOnly: Bool = false,
                     _ handler: @escaping Handler) {
        group.on(RouterPath(path), method: method) { request, context -> Response in
            if ownerOnly {
                guard context.caller.isOwner else { throw APIError.ownerOnly }
            } else {
                try context.require(role)
            }
            return try await handler(request, context)
        }
        let documented = path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        endpoints.append(APIEndpoint(method: method.rawValue, path: documented, summary: summary, role: role, ownerOnly: ownerOnly))
    }
}
