import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import SaudaCore

/// The HTTP server's limits on connections: how long one may sit without sending a complete request head (idle,
/// or trickling its headers in), and how many may be open at once.
struct ConnectionLimits: Sendable {
    /// A connection without a complete request head for this long is closed.
    let idleTimeout: Duration
    /// Open connections at most.
    let maxConnections: Int

    /// File descriptors kept free for the database, outbound calls and log files when the cap follows the process's
    /// file limit.
    static let reservedFiles = 256

    /// The limits of the edge settings, the cap lowered to what the process's file limit allows: past that limit
    /// `accept` fails and even `/health` goes unanswered.
    init(settings: EdgeSettings) {
        idleTimeout = .seconds(settings.idleTimeoutSeconds)
        maxConnections = min(settings.maxConnections, max(16, Self.fileLimit() - Self.reservedFiles))
    }

    /// The server of these limits.
    var server: HTTPServerBuilder {
        .http1(configuration: .init(idleTimeout: .init(idleTimeout)))
    }

    /// The application configuration of these limits.
    func configuration(address: BindAddress, logger: Logger) -> ApplicationConfiguration {
        ApplicationConfiguration(address: address, serverName: "sauda", backlog: 1_024,
                                 availableConnectionsDelegate: MaximumAvailableConnections(maxConnections, logger: logger))
    }

    /// The process's soft limit of open files.
    static func fileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1_024 }
        return Int(clamping: min(limit.rlim_cur, rlim_t(Int.max / 2)))
    }
}
