import Crypto
import Foundation
import Hummingbird
import Logging
import SaudaChannelWappi

/// Checks the two path segments of a Wappi webhook before the handler's ``WappiWebhookRequestContext`` is made.
///
/// The first segment is a channel connection's public id (`/webhooks/wappi/{public_id}/{webhook_secret}`), or, for
/// the number of old configured by `WAPPI_*`, its tenant (`/webhooks/wappi/{tenant}/{secret}`). Unknown: 404; a
/// wrong secret: 403 and a warning in the log, at most one a connection a minute (``LogThrottle``; the next one counts
/// those held back); a paused connection or a suspended business: 409 with the reason (`connection paused`,
/// `business suspended`), so that Wappi keeps the events and nothing is recorded. The number of old's address
/// delivers for the business's connection made from it once that runs (and is refused while it is paused).
struct WappiWebhookMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Each tenant's Wappi profile and webhook secret of old (`WAPPI_*`).
    let accounts: [String: WappiWebhookController.Account]
    /// The businesses' running WhatsApp connections.
    var connections: WappiConnections? = nil
    /// Holds back repeated wrong-secret warnings.
    var warnings = LogThrottle()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let name = try context.parameters.require("tenant")
        let secret = try context.parameters.require("secret")
        var context = context
        if let endpoint = connections?.endpoint(publicID: name) {
            guard let expected = endpoint.webhookSecret, Self.matches(secret, expected) else {
                warn(endpoint.connectionID, metadata: ["tenant": "\(endpoint.tenantID)", "connection": "\(endpoint.connectionID)"], context: context)
                throw APIError(.forbidden, "wrong webhook secret")
            }
            if let reason = endpoint.stopReason { throw APIError(.conflict, reason) }
            context.authentication = .wappiWebhook(tenantID: endpoint.tenantID, profileID: endpoint.profileID, connectionID: endpoint.connectionID)
            return try await next(request, context)
        }
        guard let account = accounts[name] else { throw APIError(.notFound, "no WhatsApp number is configured for «\(name)»") }
        guard Self.matches(secret, account.secret) else {
            warn(name, metadata: ["tenant": "\(name)"], context: context)
            throw APIError(.forbidden, "wrong webhook secret")
        }
        // The connection made from the number of old receives for it once it runs.
        var connectionID: String?
        if let endpoint = connections?.endpoint(tenantID: name, connectionID: nil), endpoint.profileID == account.profileID {
            if let reason = endpoint.stopReason { throw APIError(.conflict, reason) }
            connectionID = endpoint.connectionID
        }
        context.authentication = .wappiWebhook(tenantID: name, profileID: account.profileID, connectionID: connectionID)
        return try await next(request, context)
    }

    /// Compares as digests, so that the time taken does not reveal how much of the secret matched.
    static func matches(_ given: String, _ expected: String) -> Bool {
        SHA256.hash(data: Data(given.utf8)) == SHA256.hash(data: Data(expected.utf8))
    }

    private func warn(_ key: String, metadata: Logger.Metadata, context: Context) {
        if case .write(let suppressed) = warnings.admit(key) {
            var metadata = metadata
            if suppressed > 0 { metadata["suppressed"] = "\(suppressed)" }
            // At most one line a connection a minute; `suppressed` counts those held back since the last one.
            context.logger.warning("wappi webhook with a wrong secret", metadata: metadata)
        }
    }
}
