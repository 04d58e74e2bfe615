import Foundation
import SaudaCore
import SaudaServer
import SaudaStore
import SaudaTestSupport
import Testing

/// `sauda secrets` run as a process, and a start refused when no configured key opens the stored secrets.
@Suite struct SecretsCommandTests {
    static func run(_ arguments: [String], database: String, environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        try await ChildProcess.run(CrashRecoveryTests.binary, arguments, environment: [
            "DATABASE_URL": "sqlite:\(database)", "LOG_LEVEL": "error", "PATH": "/usr/bin:/bin",
        ].merging(environment) { $1 })
    }

    /// Stores one secret in the database at `path`, sealed with the key file beside it (made now).
    static func storeSecret(database path: String) async throws -> MasterKeySource {
        let source = MasterKeySource.resolve(masterKey: nil, previousMasterKeys: [], database: .sqlite(path: path))
        let (sealer, _) = try source.sealer(creatingFile: true)
        let database = try SQLiteDatabase(path: path)
        try await database.transaction { sql in
            try await SecretRepository(sql).put(tenantID: Tenant.defaultID, name: "crm.credentials", value: "token-abcdefghijklmnop",
                                                sealer: sealer, now: Date())
        }
        await database.close()
        return source
    }

    @Test func aNewKeyIsPrintedAndARotationResealsWithTheKeyFile() async throws {
        try await withTemporaryDirectory { directory in
            let newKey = try await Self.run(["secrets", "new-key"], database: directory.appendingPathComponent("a.sqlite").path)
            #expect(newKey.status == 0)
            #expect(throws: Never.self) { try MasterKey(base64: newKey.output) }

            let path = directory.appendingPathComponent("s.sqlite").path
            #expect(try await Self.run(["migrate"], database: path).status == 0)
            let source = try await Self.storeSecret(database: path)
            let before = try #require(try source.load().keys.current)
            let status = try await Self.run(["secrets", "status"], database: path)
            #expect(status.output.contains("stored secrets sealed with \(before.id): 1"), "\(status.output)")
            #expect(!status.output.contains(before.base64))

            let rotated = try await Self.run(["secrets", "rotate"], database: path)
            #expect(rotated.status == 0, "\(rotated.output)")
            let after = try #require(try source.load().keys.current)
            #expect(after.id != before.id)
            #expect(rotated.output.contains("every stored secret is sealed with master key \(after.id) (1 re-sealed)"))
            let database = try SQLiteDatabase(path: path)
            let opened = try await database.read { (sql) async throws in
                try await SecretRepository(sql).reveal(tenantID: Tenant.defaultID, name: "crm.credentials",
                                                       sealer: SecretSealer(keys: .init(current: after)))
            }
            await database.close()
            #expect(opened == "token-abcdefghijklmnop")
        }
    }

    @Test func aBadKeyIsRefusedNamingTheSettingNeverShowingIt() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("bad.sqlite").path
            let bad = try await Self.run(["secrets", "status"], database: path, environment: ["SAUDA_MASTER_KEY": "c2hvcnQ="])
            #expect(bad.status != 0)
            #expect(bad.output.contains("SAUDA_MASTER_KEY: a master key is 32 bytes"), "\(bad.output)")
            #expect(!bad.output.contains("c2hvcnQ="))
            let newKey = try await Self.run(["secrets", "rotate", "--new-key", "nope"], database: path)
            #expect(newKey.status != 0)
            #expect(newKey.output.contains("--new-key"))
        }
    }

    @Test func aStartWithoutTheKeyThatSealedTheSecretsIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("start.sqlite").path
            var settings = SaudaSettings()
            settings.database = .sqlite(path: path)
            let first = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
            try await first.prepare()
            await first.database.close()
            let source = try await Self.storeSecret(database: path)
            let keyID = try #require(try source.load().keys.current?.id)

            // Another key in the environment, and the key file gone: both refuse to start, naming the key needed.
            settings.masterKey = MasterKey.generate().base64
            for removeFile in [false, true] {
                if removeFile {
                    settings.masterKey = nil
                    try FileManager.default.removeItem(atPath: directory.appendingPathComponent(MasterKeySource.keyFileName).path)
                }
                let system = try SaudaSystem(settings: settings, logger: testLogger, sqliteDurability: .normal)
                do {
                    try await system.prepare()
                    Issue.record("a start without the key went on")
                } catch let error as SecretError {
                    #expect(error.message.contains(keyID))
                    #expect(error.message.contains(removeFile ? "put the key file back" : "SAUDA_MASTER_KEY"))
                }
                await system.database.close()
            }
        }
    }
}
