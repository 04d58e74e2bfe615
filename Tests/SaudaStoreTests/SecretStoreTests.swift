import Foundation
import SaudaCore
@testable import SaudaStore
import SaudaTestSupport
import Testing

/// Secrets stored sealed, on SQLite and PostgreSQL: nothing of them readable in the stored rows, a rotation re-seals
/// every one, and a start without the key is refused.
@Suite struct SecretStoreTests {
    static let values = ["amo-long-lived-token-Zx81Qp", "wappi-token-77aa01bb02cc", "sk-model-key-QWERTY123456"]

    /// Every stored text of every table, as the database holds it (the raw rows).
    static func everythingStored(_ database: any Database) async throws -> String {
        try await database.read { sql in
            let tables: [String] = switch sql.dialect {
            case .sqlite: try await sql.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                .map { row throws(StoreError) in try row.string("name") }
            case .postgres: try await sql.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'")
                .map { row throws(StoreError) in try row.string("name") }
            }
            var text = ""
            for table in tables {
                for row in try await sql.query("SELECT * FROM \(table)") {
                    text += row.values.map { "\($0)" }.joined(separator: "|") + "\n"
                }
            }
            return text
        }
    }

    static func store(_ database: any Database, sealer: SecretSealer) async throws {
        try await database.transaction { sql in
            _ = try await TenantRepository(sql).create(Tenant(id: "shop", name: "Магазин", timeZone: "Europe/Moscow"), now: Date())
            let secrets = SecretRepository(sql)
            try await secrets.put(tenantID: "shop", name: "crm.credentials", value: values[0], sealer: sealer, now: Date())
            try await secrets.put(tenantID: "shop", name: "wappi.token:main", value: values[1], sealer: sealer, now: Date())
            try await secrets.put(tenantID: Tenant.defaultID, name: "model.key", value: values[2], sealer: sealer, now: Date())
        }
    }

    @Test(arguments: DatabaseKind.available)
    func secretsAreStoredSealedAndOpenForTheirBusiness(_ kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let sealer = SecretSealer(keys: .init(current: MasterKey.generate()))
            try await Self.store(database, sealer: sealer)
            let stored = try await Self.everythingStored(database)
            for value in Self.values { #expect(!stored.contains(value)) }
            try await database.read { (sql) async throws in
                let secrets = SecretRepository(sql)
                #expect(try await secrets.reveal(tenantID: "shop", name: "crm.credentials", sealer: sealer) == Self.values[0])
                #expect(try await secrets.reveal(tenantID: "shop", name: "model.key", sealer: sealer) == nil)
                #expect(try await secrets.list(tenantID: "shop").map(\.hint) == ["…81Qp", "…02cc"])
            }
        }
    }

    @Test(arguments: DatabaseKind.available)
    func aRotationResealsEverySecretAndTheOldKeyNoLongerOpensThem(_ kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let oldKey = MasterKey.generate()
            try await Self.store(database, sealer: SecretSealer(keys: .init(current: oldKey)))
            let newKey = MasterKey.generate()
            let source = MasterKeySource.environment(current: newKey.base64, previous: [oldKey.base64])
            let outcome = try await SecretRotation(database: database, source: source).rotate(batchSize: 2)
            #expect(outcome.keyID == newKey.id)
            #expect(outcome.resealed == 3)
            #expect(outcome.retiredKeyIDs == [oldKey.id])
            #expect(try await database.read { try await SecretRepository($0).countByKey() } == [newKey.id: 3])
            let oldOnly = SecretSealer(keys: .init(current: oldKey))
            let newOnly = SecretSealer(keys: .init(current: newKey))
            try await database.read { (sql) async throws in
                let secrets = SecretRepository(sql)
                await #expect(throws: SecretError.self) {
                    try await secrets.reveal(tenantID: "shop", name: "crm.credentials", sealer: oldOnly)
                }
                #expect(try await secrets.reveal(tenantID: "shop", name: "wappi.token:main", sealer: newOnly) == Self.values[1])
            }
            // A start with only the old key is refused, naming the key the database needs.
            do {
                try await SecretKeyCheck.verify(database, sealer: oldOnly, source: .environment(current: oldKey.base64, previous: []))
                Issue.record("a start with the wrong key went on")
            } catch let error as SecretError {
                #expect(error.code == .missingKey)
                #expect(error.message.contains(newKey.id))
                #expect(error.message.contains("SAUDA_MASTER_KEY"))
            }
            try await SecretKeyCheck.verify(database, sealer: newOnly, source: source)
        }
    }

    @Test func theKeyFileRotationReplacesTheKeyInTheFileAndReseals() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent(MasterKeySource.keyFileName).path
            let source = MasterKeySource.keyFile(path: path)
            let database = try SQLiteDatabase(path: directory.appendingPathComponent("s.sqlite").path, durability: .normal)
            try await Migrator(database: database, logger: testLogger).migrate()
            try await Migrator(database: database, logger: testLogger).ensureDefaultTenant(name: "Тест", timeZone: "Asia/Almaty")
            let (running, _) = try source.sealer(creatingFile: true)
            let oldID = try #require(running.currentKeyID)
            try await Self.store(database, sealer: running)
            let outcome = try await SecretRotation(database: database, source: source).rotate()
            #expect(outcome.keyID != oldID)
            #expect(outcome.resealed == 3)
            let file = try source.load().keys
            #expect(file.current?.id == outcome.keyID)
            #expect(file.previous.isEmpty)
            #expect(PrivateFile.permissions(path) == 0o600)
            // The running process follows the file: it opens the re-sealed secrets and seals with the new key.
            try await database.read { (sql) async throws in
                #expect(try await SecretRepository(sql).reveal(tenantID: "shop", name: "crm.credentials", sealer: running) == Self.values[0])
            }
            #expect(SecretSealer.keyID(of: try running.seal("x", tenantID: "t", name: "n")) == outcome.keyID)
            await database.close()
        }
    }
}
