import Hummingbird

/// The context of a Wappi webhook whose path secret matched its tenant's (``WappiWebhookMiddleware``).
struct WappiWebhookRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The tenant the webhook delivers for.
    let tenantID: String
    /// The tenant's Wappi profile: every event must name it.
    let profileID: String
    /// The channel connection (the business's number) the webhook delivers for; `nil` for the number of old of
    /// `WAPPI_*` before it became a connection.
    let connectionID: String?

    /// Takes the tenant verified by ``WappiWebhookMiddleware``.
    /// - Throws: ``APIError`` 403 when no secret was checked (a route outside the middleware's group).
    init(context: AppRequestContext) throws {
        guard case .wappiWebhook(let tenantID, let profileID, let connectionID) = context.authentication else {
            throw APIError(.forbidden, "wrong webhook secret")
        }
        self.coreContext = context.coreContext
        self.tenantID = tenantID
        self.profileID = profileID
        self.connectionID = connectionID
    }
}
