import Foundation
@testable import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// Reads of the message path run on the SQLite writer's connection between its groups (`readOnWriter`): they see
/// what is committed, never a group's work in progress, do not wait for log syncs, and cannot write.
@Suite struct SQLiteWriterReadTests {
    typealias SyncGate = SQLiteDurabilityTests.SyncGate

    /// A flag tasks share.
    final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    func count(_ sql: any SQLConnection) async throws -> Int64? {
        try await sql.query("SELECT COUNT(*) AS n FROM t").first?.optionalInt("n")
    }

    @Test func aReadSeesCommittedWorkWithoutWaitingForItsSync() async throws {
        try await withTemporaryDirectory { directory in
            let gate = SyncGate()
            let database = try SQLiteDatabase(path: directory.appendingPathComponent("reads.sqlite").path, durability: .full,
                                              readers: 2, logger: testLogger, logSync: { gate.sync() })
            try await database.transaction { sql in try await sql.query("CREATE TABLE t (v INTEGER NOT NULL)") }
            gate.close()
            let insert = Task { try await database.transaction { sql in try await sql.query("INSERT INTO t (v) VALUES (1)") } }
            #expect(try await SQLiteDurabilityTests().eventually { gate.started >= 2 }, "the insert's sync has started")
            // The insert's caller waits for the disk; a read on the writer sees its commit and returns meanwhile.
            #expect(try await database.readOnWriter { sql in try await self.count(sql) } == 1)
            gate.open()
            try await insert.value
            await database.close()
        }
    }

    @Test func aReadQueuedDuringAGroupRunsAfterItsCommit() async throws {
        try await withTemporaryDirectory { directory in
            let database = try SQLiteDatabase(path: directory.appendingPathComponent("order.sqlite").path)
            try await database.transaction { sql in try await sql.query("CREATE TABLE t (v INTEGER NOT NULL)") }
            let read = Mutex<Task<Int64?, any Error>?>(nil)
            let bodyEnded = Flag()
            try await database.transaction { sql in
                try await sql.query("INSERT INTO t (v) VALUES (1)")
                // Queued while this group's transaction is open: it must wait for the commit, not see half of it.
                read.withLock { $0 = Task { try await database.readOnWriter { sql in
                    #expect(bodyEnded.isSet, "the read ran after the group's body")
                    return try await self.count(sql)
                } } }
                try await Task.sleep(for: .milliseconds(50))
                try await sql.query("INSERT INTO t (v) VALUES (2)")
                bodyEnded.set()
            }
            let task = try #require(read.withLock { $0 })
            #expect(try await task.value == 2)
            await database.close()
        }
    }

    @Test func aReadCannotWriteNorEndItsTransaction() async throws {
        try await withTemporaryDirectory { directory in
            let database = try SQLiteDatabase(path: directory.appendingPathComponent("guard.sqlite").path)
            try await database.transaction { sql in try await sql.query("CREATE TABLE t (v INTEGER NOT NULL)") }
            for statement in ["INSERT INTO t (v) VALUES (1)", "DELETE FROM t", "CREATE TABLE u (v INTEGER)", "COMMIT",
                              "  rollback", "SAVEPOINT s", "BEGIN IMMEDIATE"] {
                let error = await #expect(throws: StoreError.self, "\(statement)") {
                    try await database.readOnWriter { sql in try await sql.query(statement) }
                }
                #expect(error?.message.contains("a read cannot write") == true)
            }
            // The writer goes on as before, and nothing was written.
            try await database.transaction { sql in try await sql.query("INSERT INTO t (v) VALUES (5)") }
            #expect(try await database.readOnWriter { sql in try await self.count(sql) } == 1)
            #expect(try await database.read { sql in try await self.count(sql) } == 1)
            let tables = try await database.read { sql in try await sql.query("SELECT name FROM sqlite_master WHERE name = 'u'") }
            #expect(tables.isEmpty)
            await database.close()
        }
    }

    @Test func manyReadsAndWritesInterleaveAndEachReadSeesACommittedCount() async throws {
        try await withTemporaryDirectory { directory in
            let database = try SQLiteDatabase(path: directory.appendingPathComponent("mixed.sqlite").path)
            try await database.transaction { sql in try await sql.query("CREATE TABLE t (v INTEGER NOT NULL)") }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for value in 0..<200 {
                    group.addTask {
                        // Pairs inserted in one transaction: a read seeing an odd count saw half a transaction.
                        try await database.transaction { sql in
                            try await sql.query("INSERT INTO t (v) VALUES (?)", [.int(Int64(value))])
                            try await sql.query("INSERT INTO t (v) VALUES (?)", [.int(Int64(value))])
                        }
                    }
                    group.addTask {
                        let seen = try await database.readOnWriter { sql in try await self.count(sql) } ?? -1
                        #expect(seen >= 0 && seen % 2 == 0, "read \(seen) rows")
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await database.readOnWriter { sql in try await self.count(sql) } == 400)
            await database.close()
        }
    }
}
