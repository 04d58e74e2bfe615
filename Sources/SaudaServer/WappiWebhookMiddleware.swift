import Crypto
import Foundation
import Hummingbird
import Logging

/// Checks the `{tenant}` and `{secret}` path segments of a Wappi webhook before the handler's
/// ``WappiWebhookRequestContext`` is made: a tenant without a WhatsApp number gets 404, a wrong secret 403 and a
/// warning in the log, at most one a tenant a minute (``LogThrottle``; the next one counts those held back).
struct WappiWebhookMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Each tenant's Wappi profile and webhook secret.
    let accounts: [String: WappiWebhookController.Account]
    /// Holds back repeated wrong-secret warnings.
    var warnings = LogThrottle()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let tenant = try context.parameters.require("tenant")
        let secret = try context.parameters.require("secret")
        guard let account = accounts[tenant] else { throw APIError(.notFound, "no WhatsApp number is configured for tenant «\(tenant)»") }
        // Compared as digests so that the time taken does not reveal how much of the secret matched.
        guard SHA256.hash(data: Data(secret.utf8)) == SHA256.hash(data: Data(account.secret.utf8)) else {
            if case .write(let suppressed) = warnings.admit(tenant) {
                var metadata: Logger.Metadata = ["tenant": "\(tenant)"]
                if suppressed > 0 { metadata["suppressed"] = "\(suppressed)" }
                // At most one line a tenant a minute; `suppressed` counts those held back since the last one.
                context.logger.warning("wappi webhook with a wrong secret", metadata: metadata)
            }
            throw APIError(.forbidden, "wrong webhook secret")
        }
        var context = context
        context.authentication = .wappiWebhook(tenantID: tenant, profileID: account.profileID)
        return try await next(request, context)
    }
}
