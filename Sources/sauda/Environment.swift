import ArgumentParser
import Foundation
import Logging
import SaudaAgent
import SaudaCore
import SaudaServer
import SaudaStore

/// Settings and logging shared by the commands.
enum CommandEnvironment {
    /// Reads `.env` (if present) under the process environment and validates every setting.
    static func settings(envFile: String = ".env") throws -> SaudaSettings {
        var values: [String: String] = [:]
        if let contents = try? String(contentsOfFile: envFile, encoding: .utf8) {
            do { values = try DotEnv.parse(contents) } catch {
                throw ConfigurationError(message: "\(envFile): \(error)")
            }
        }
        values.merge(ProcessInfo.processInfo.environment) { _, process in process }
        do { return try SaudaSettings.load(from: values) } catch {
            throw ConfigurationError(message: error.description)
        }
    }

    /// Bootstraps logging once per process, as text (escaped, ``TextLogHandler``) or JSON lines.
    static func bootstrapLogging(_ settings: SaudaSettings) -> Logger {
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        let json = settings.logFormat == "json"
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = json ? JSONLogHandler(label: label) : TextLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "sauda")
        logger.logLevel = level
        return logger
    }
}

extension CommandEnvironment {
    /// Opens the configured database (migrated, default tenant created) for a maintenance command, and closes it
    /// after `body`; nothing else of Sauda is built (no model, queues, sender or agent).
    static func withPreparedDatabase<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await withPrepared { database, _ in try await body(database) }
    }

    /// Runs operator actions (the ones the admin API and the console run) on the configured database, prepared as
    /// for ``withPreparedDatabase(_:)``. No relay runs in the command, so no wake-up signal is given.
    static func withOperatorActions<T: Sendable>(_ body: @escaping @Sendable (OperatorActions) async throws -> T) async throws -> T {
        try await withPrepared { database, logger in
            try await body(OperatorActions(database: database, outboxSignal: nil, logger: logger))
        }
    }

    private static func withPrepared<T: Sendable>(_ body: @escaping @Sendable (any Database, Logger) async throws -> T) async throws -> T {
        let settings = try settings()
        let logger = bootstrapLogging(settings)
        return try await withDatabase(settings.database, logger: logger) { database in
            try await DatabasePreparation.prepare(database, settings: settings, logger: logger)
            return try await body(database, logger)
        }
    }
}

/// A configuration problem reported at start-up (without the usage text, which is not the problem).
struct ConfigurationError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
