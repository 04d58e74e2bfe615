import Logging
import SaudaCore
import SaudaStore
import ServiceLifecycle

/// The clients and infrastructure of one process, built from the settings: the database, the queues, the model
/// and the channels. Each part lists the services it needs running; ``SaudaSystem/services`` puts them in order
/// for the process's role.
public struct Dependencies: Sendable {
    /// The database and the service that keeps it.
    public let database: DatabaseParts
    /// The queues and the outbox relay.
    public let queues: QueueParts
    /// The language model, its transcriber and the usage log.
    public let models: ModelParts
    /// The channels, the sender and the transcriber of voice notes.
    public let channels: ChannelParts

    /// Builds every part; nothing runs and nothing is written until their services run.
    /// - Parameters:
    ///   - role: what the process runs (which queues it consumes, whether it has an agent's queue of its own).
    ///   - sqliteDurability: when an SQLite commit is synced (tests and benchmarks use `.normal`).
    /// - Throws: ``StoreError`` when the database cannot be opened, ``SaudaSettings/Invalid`` for a bad `RABBITMQ_URL`.
    public init(settings: SaudaSettings, role: SaudaRole, logger: Logger, sqliteDurability: SQLiteDatabase.Durability = .full) throws {
        database = try DatabaseParts(settings.database, durability: sqliteDurability, logger: logger)
        queues = try QueueParts(settings: settings, role: role, database: database.database, logger: logger)
        models = ModelParts(settings: settings.models, database: database.database, logger: logger)
        channels = ChannelParts(settings: settings, database: database.database, queues: queues, models: models, logger: logger)
    }
}
