import Hummingbird
import Logging
import SaudaCore

/// The context of an admin API handler (`/api/v1/…` behind a token): the request's core context plus the caller,
/// whose token ``AdminTokenMiddleware`` has checked. Its logger carries the caller's tenant (`tenant`).
struct AdminRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// Who calls, and for which tenant.
    let caller: Principal

    /// The tenant whose data the caller may see, and no other.
    var tenantID: String { caller.tenantID }

    /// Takes the caller established by ``AdminTokenMiddleware``.
    /// - Throws: ``APIError`` 401 when no token was checked (a route outside the middleware's group).
    init(context: AppRequestContext) throws {
        guard case .adminToken(let caller) = context.authentication else {
            throw AdminAuthenticator.tokenMissing
        }
        self.coreContext = context.coreContext
        self.caller = caller
        self.logger[metadataKey: "tenant"] = "\(caller.tenantID)"
    }

    /// Refuses a caller whose role is below `role`.
    /// - Throws: ``APIError`` 403.
    func require(_ role: AccessRole) throws {
        try AdminAuthenticator.check(caller, allows: role)
    }
}
