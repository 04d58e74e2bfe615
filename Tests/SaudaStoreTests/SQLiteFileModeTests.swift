import Foundation
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// The SQLite file holds every tenant's conversations and the token hashes: only its owner may read it.
@Suite struct SQLiteFileModeTests {
    @Test func aNewDatabaseAndItsLogAreTheOwnersOnly() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("private.sqlite").path
            let database = try SQLiteDatabase(path: path, durability: .full)
            _ = try await database.transaction { sql in try await sql.query("CREATE TABLE t (v INTEGER NOT NULL)") }
            _ = try await database.transaction { sql in try await sql.query("INSERT INTO t (v) VALUES (1)") }
            #expect(PrivateFile.permissions(path) == 0o600)
            #expect(PrivateFile.permissions(path + "-wal") == 0o600)
            #expect(PrivateFile.permissions(path + "-shm") == 0o600)
            await database.close()
        }
    }

    @Test func anExistingReadableDatabaseIsMadePrivate() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("old.sqlite").path
            let first = try SQLiteDatabase(path: path, durability: .full)
            _ = try await first.transaction { sql in try await sql.query("CREATE TABLE t (v INTEGER NOT NULL)") }
            await first.close()
            #expect(chmod(path, 0o644) == 0)
            let again = try SQLiteDatabase(path: path, durability: .full)
            #expect(PrivateFile.permissions(path) == 0o600)
            let rows = try await again.read { sql in try await sql.query("SELECT COUNT(*) AS n FROM t") }
            #expect(rows.first?.optionalInt("n") == 0)
            await again.close()
        }
    }

    @Test func aPrivateFileIsWrittenOnceWithMode0600() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("secret").path
            try PrivateFile.create(path, contents: Data("sda_x\n".utf8))
            #expect(PrivateFile.permissions(path) == 0o600)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "sda_x\n")
            #expect(throws: PrivateFile.Failure.self) { try PrivateFile.create(path, contents: Data("other".utf8)) }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "sda_x\n", "never replaced")
        }
    }
}
