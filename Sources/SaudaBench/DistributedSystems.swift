import Foundation
import Logging
import SaudaCore
import SaudaServer

/// Sauda split into roles in one process, as the distributed shape runs them on several machines: a gateway and
/// several agents, each a system of its own with its own database pool and broker connection, RabbitMQ between them.
///
/// The queues and the agents' names carry a run id, so runs on one broker do not mix.
struct DistributedSystems: Sendable {
    /// The system that takes the customers' messages and delivers the replies.
    let gateway: SaudaSystem
    /// The systems that answer.
    let agents: [SaudaSystem]
    /// The run's id, in the queues' and agents' names (and, for the caller, in its session names: a run on a database
    /// that earlier runs wrote to must post new messages, not repeats).
    let runID: String

    /// Builds the gateway and `agents` agents on `settings` (its database and `rabbitMQURL` shared by all).
    /// - Throws: what ``SaudaSystem/init(settings:logger:role:sqliteDurability:widgetClock:)`` throws.
    init(settings base: SaudaSettings, agents: Int, logger: Logger) throws {
        let runID = String(UUID().uuidString.prefix(8).lowercased())
        self.runID = runID
        var settings = base
        for queue in QueueName.allCases {
            settings.queues[queue]?.name = "\(queue.rawValue)_bench_\(runID)"
        }
        gateway = try SaudaSystem(settings: settings, logger: logger, role: .gateway)
        self.agents = try (0..<agents).map { index in
            var agentSettings = settings
            agentSettings.agentID = "bench-\(runID)-\(index + 1)"
            return try SaudaSystem(settings: agentSettings, logger: logger, role: .agent)
        }
    }
}
