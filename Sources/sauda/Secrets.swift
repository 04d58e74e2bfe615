import ArgumentParser
import Foundation
import SaudaCore
import SaudaServer
import SaudaStore

/// `sauda secrets new-key|status|rotate`: the master key that seals the secrets stored in the database.
struct Secrets: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Manage the master key that seals stored secrets (channel tokens, model keys, CRM credentials).",
        subcommands: [NewKey.self, Status.self, Rotate.self])

    struct NewKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new-key", abstract: "Print a new random master key (base64) for SAUDA_MASTER_KEY.")

        func run() async throws { print(MasterKey.generate().base64) }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show where the master key comes from and which keys sealed the stored secrets (never a key or a secret).")

        func run() async throws {
            let settings = try CommandEnvironment.settings()
            let source = MasterKeySource.resolve(settings)
            let keys = try Self.keys(source)
            let counts = try await CommandEnvironment.withPreparedDatabase { database in
                try await database.read { sql in try await SecretRepository(sql).countByKey() }
            }
            switch source {
            case .environment: print("master key: SAUDA_MASTER_KEY (\(keys.current?.id ?? "?"))" + (keys.previous.isEmpty ? "" : ", previous: \(keys.previous.map(\.id).joined(separator: ", "))"))
            case .keyFile(let path): print("master key: file \(path) (\(keys.current.map(\.id) ?? "not made yet"))")
            case .none: print("master key: none (set SAUDA_MASTER_KEY to store secrets)")
            }
            if counts.isEmpty { print("stored secrets: none") }
            for (keyID, count) in counts.sorted(by: { $0.key < $1.key }) {
                let opens = keys.current?.id == keyID || keys.previous.contains { $0.id == keyID }
                print("stored secrets sealed with \(keyID): \(count)\(opens ? "" : " (no configured key opens them)")")
            }
        }

        static func keys(_ source: MasterKeySource) throws -> SecretSealer.MasterKeys {
            do { return try source.load().keys } catch { throw ConfigurationError(message: error.message) }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-seal every stored secret under a new master key while the servers run.",
            discussion: """
                With the key file (the embedded default), a new key is made, put first in the file, every secret is \
                re-sealed, and the old key leaves the file; running servers read the file again by themselves. With \
                SAUDA_MASTER_KEY, first run every process with the new key in SAUDA_MASTER_KEY and the old one in \
                SAUDA_PREVIOUS_MASTER_KEYS, then run this, then drop SAUDA_PREVIOUS_MASTER_KEYS.
                """)

        @Option(help: "The new key, base64 of 32 bytes (key file only; default: a new random key).") var newKey: String?

        func run() async throws {
            let settings = try CommandEnvironment.settings()
            let source = MasterKeySource.resolve(settings)
            var key: MasterKey?
            if let newKey {
                do { key = try MasterKey(base64: newKey) } catch { throw ValidationError("--new-key: \(error.message)") }
            }
            let requested = key
            let outcome = try await CommandEnvironment.withPreparedDatabase { database in
                do { return try await SecretRotation(database: database, source: source).rotate(to: requested) } catch let error as SecretError {
                    throw ConfigurationError(message: error.message)
                }
            }
            print("every stored secret is sealed with master key \(outcome.keyID) (\(outcome.resealed) re-sealed)")
            if case .environment = source, !outcome.retiredKeyIDs.isEmpty {
                print("no secret needs \(outcome.retiredKeyIDs.joined(separator: ", ")) any more: drop SAUDA_PREVIOUS_MASTER_KEYS")
            }
        }
    }
}
