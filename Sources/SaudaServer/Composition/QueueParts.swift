import AMQP
import Logging
import SaudaBus
import SaudaCore
import SaudaStore
import ServiceLifecycle

/// The queues between the gateway and the agent, and the relay that moves committed outbox rows onto them:
/// tables in the database, or RabbitMQ with `RABBITMQ_URL`.
public struct QueueParts: Sendable {
    /// The queues.
    public let bus: any MessageBus
    /// Moves committed outbox rows onto ``bus``.
    public let relay: OutboxRelay
    /// What the queues need running, before every service that uses them: the broker connection of RabbitMQ,
    /// or the sweeper of the table queues (expired leases, dead letters).
    public let services: [any Service]

    /// Builds the queues of the settings for a process of `role` (which queues it consumes; an agent's own queue).
    /// - Throws: ``SaudaSettings/Invalid`` when `RABBITMQ_URL` cannot be read.
    public init(settings: SaudaSettings, role: SaudaRole, database: any Database, logger: Logger) throws(SaudaSettings.Invalid) {
        if let url = settings.rabbitMQURL {
            let connection: AMQPConnectionConfiguration
            do { connection = try AMQPConnectionConfiguration(url: url) } catch {
                throw SaudaSettings.Invalid(problems: ["RABBITMQ_URL: \(error)"])
            }
            let topology = RabbitMQTopology(agentID: role.runsAgent ? settings.agentID : nil, limits: settings.queues)
            let rabbit = RabbitMQBus(connection: connection, topology: topology, consuming: role.consumedQueues,
                                     retryPolicy: settings.retry, logger: logger)
            bus = rabbit
            relay = OutboxRelay(database: database, bus: rabbit, signal: rabbit.outboxSignal, logger: logger)
            services = [rabbit]
        } else {
            let tables = SQLMessageBus(database: database, limits: settings.queues, retryPolicy: settings.retry, logger: logger)
            bus = tables
            relay = OutboxRelay(database: database, bus: tables, logger: logger)
            services = [QueueSweeper(bus: tables, logger: logger)]
        }
    }
}
