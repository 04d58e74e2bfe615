import Hummingbird
import NIOCore
import Logging
import SaudaCore

/// The request context of every Sauda route: Hummingbird's core storage plus what an authenticating middleware
/// established about the caller. A group that needs a caller (the admin API, the console, the Wappi webhook)
/// turns this context into its own child context, whose `init(context:)` takes that fact as a non-optional value.
///
/// Swap or extend the context here, in one place: the router is `Router(context: AppRequestContext.self)`.
struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    /// What the middleware of an authenticated group found; `nil` outside such a group.
    var authentication: RequestAuthentication?
    /// The socket's peer (a proxy's, when one is in front: ``ClientAddress`` finds the client behind it).
    let remoteAddress: SocketAddress?

    init(source: Source) {
        coreContext = .init(source: source)
        authentication = nil
        remoteAddress = source.channel.remoteAddress
    }
}

/// What an authenticating middleware established about a request, for its group's child context.
enum RequestAuthentication: Sendable {
    /// An admin API token (``AdminTokenMiddleware``), already checked for its rate.
    case adminToken(Principal)
    /// A console session cookie (``ConsoleSessionMiddleware``), with the page's language and path.
    case consoleSession(ConsoleContext)
    /// A Wappi webhook whose path secret matched its connection's or the tenant's (``WappiWebhookMiddleware``).
    case wappiWebhook(tenantID: String, profileID: String, connectionID: String?)
}
