import SaudaCore
import SaudaStore

/// What a provider's module runs for the channel connections of its provider (a WhatsApp number's client, poller,
/// webhook acceptance and sends). The ``ChannelSupervisor`` tells it which connections exist and how they changed;
/// the provider's specifics stay in its module.
public protocol ChannelConnectionRunner: Sendable {
    /// The provider whose connections it runs.
    var provider: ChannelProvider { get }
    /// The names of a connection's secrets it needs (`token`, `webhook_secret`), revealed for ``apply(_:)``.
    var secretNames: [String] { get }
    /// Starts what a new connection needs, or restarts it after a change; a connection that is not
    /// ``SupervisedConnection/isRunning`` keeps its place but receives and sends nothing.
    func apply(_ connection: SupervisedConnection) async
    /// Stops and forgets a removed connection.
    func remove(connectionID: String) async
    /// Stops everything (shutdown).
    func removeAll() async
    /// Where each connection stands, for `/health`.
    func statuses() -> [ChannelConnectionStatus]
    /// Called after each reconciliation: every connection of the installation has been applied once.
    func didReconcile()
}

extension ChannelConnectionRunner {
    /// Does nothing.
    public func didReconcile() {}
}

/// A connection as the supervisor hands it to its ``ChannelConnectionRunner``: its row, its business's suspension
/// and its secrets, opened.
public struct SupervisedConnection: Sendable {
    /// The row.
    public var connection: ChannelConnection
    /// Whether its business is suspended (nothing runs then).
    public var businessSuspended: Bool
    /// Its secrets by name (``ChannelConnectionRunner/secretNames``); a secret not stored is absent.
    public var secrets: [String: String]

    /// Creates a supervised connection.
    public init(connection: ChannelConnection, businessSuspended: Bool, secrets: [String: String]) {
        self.connection = connection
        self.businessSuspended = businessSuspended
        self.secrets = secrets
    }

    /// Whether it receives and sends: not paused and its business not suspended.
    public var isRunning: Bool { !businessSuspended && connection.state != .paused }

    /// Why it does not run, for a refused webhook: `connection paused` or `business suspended`; `nil` when it runs.
    public var stopReason: String? {
        if businessSuspended { return "business suspended" }
        if connection.state == .paused { return "connection paused" }
        return nil
    }
}
