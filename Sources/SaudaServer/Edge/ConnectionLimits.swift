import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import SaudaCore

/// The HTTP server's limits on connections: how long one may sit without sending a complete request head (idle,
/// or trickling its headers in), and how many may be open at once.
///
/// At the cap a newcomer takes the place of the connection that has waited longest without a request
/// (``ConnectionRoster``), so a crowd of idle sockets cannot keep `/health` or a customer out; accepting stops
/// only at the process's file limit.
struct ConnectionLimits: Sendable {
    /// A connection without a complete request head for this long is closed.
    let idleTimeout: Duration
    /// Open connections at most.
    let maxConnections: Int
    /// Connections accepted at most: what the process's file limit leaves room for.
    let acceptCeiling: Int
    /// The open connections.
    let roster: ConnectionRoster

    /// File descriptors kept free for the database, outbound calls and log files when the cap follows the process's
    /// file limit.
    static let reservedFiles = 256

    /// The limits of the edge settings, the cap lowered to what the process's file limit allows: past that limit
    /// `accept` fails and even `/health` goes unanswered.
    init(settings: EdgeSettings) {
        idleTimeout = .seconds(settings.idleTimeoutSeconds)
        acceptCeiling = max(16, Self.fileLimit() - Self.reservedFiles)
        maxConnections = min(settings.maxConnections, acceptCeiling)
        roster = ConnectionRoster(capacity: maxConnections)
    }

    /// The server of these limits.
    var server: HTTPServerBuilder {
        let roster = roster
        return .http1(configuration: .init(additionalChannelHandlers: [ConnectionRosterHandler(roster: roster)],
                                           idleTimeout: .init(idleTimeout)))
    }

    /// The application configuration of these limits.
    func configuration(address: BindAddress, logger: Logger) -> ApplicationConfiguration {
        ApplicationConfiguration(address: address, serverName: "sauda", backlog: 1_024,
                                 availableConnectionsDelegate: MaximumAvailableConnections(acceptCeiling, logger: logger))
    }

    /// The process's soft limit of open files.
    static func fileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1_024 }
        return Int(clamping: min(limit.rlim_cur, rlim_t(Int.max / 2)))
    }
}
