import Foundation
@testable import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// The SQLite writer commits and goes on while the log is synced on a thread of its own: a caller returns only
/// after the sync covering its commit, and a failed sync stops the database.
@Suite struct SQLiteDurabilityTests {
    /// A log sync the test opens and closes; counts the syncs.
    final class SyncGate: Sendable {
        private struct State {
            var open = true
            var failure: StoreError?
            var started = 0
        }
        private let state = Mutex(State())
        private let condition = NSCondition()

        var started: Int { state.withLock { $0.started } }

        func close() { state.withLock { $0.open = false } }

        func open(failing failure: StoreError? = nil) {
            condition.lock()
            state.withLock {
                $0.open = true
                $0.failure = failure
            }
            condition.broadcast()
            condition.unlock()
        }

        func sync() -> Result<Void, StoreError> {
            state.withLock { $0.started += 1 }
            condition.lock()
            while !state.withLock({ $0.open }) { condition.wait() }
            condition.unlock()
            return state.withLock { $0.failure }.map { .failure($0) } ?? .success(())
        }
    }

    /// The callers that have returned, in order.
    final class Returned: Sendable {
        let values = Mutex<[Int]>([])
        func append(_ value: Int) { values.withLock { $0.append(value) } }
        var all: [Int] { values.withLock { $0 } }
    }

    /// Waits up to thirty seconds for `condition`.
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }

    @Test func aTransactionReturnsAfterItsLogIsSyncedAndTheWriterGoesOnMeanwhile() async throws {
        try await withTemporaryDirectory { directory in
            let gate = SyncGate()
            let database = try SQLiteDatabase(path: directory.appendingPathComponent("durable.sqlite").path, durability: .full,
                                              readers: 2, logger: testLogger, logSync: { gate.sync() })
            try await database.transaction { sql in try await sql.query("CREATE TABLE t (v INTEGER NOT NULL)") }
            gate.close()
            let returned = Returned()
            let first = Task {
                try await database.transaction { sql in try await sql.query("INSERT INTO t (v) VALUES (1)") }
                returned.append(1)
            }
            #expect(try await eventually { gate.started >= 2 }, "the first insert's sync has started")
            let count: @Sendable () async throws -> Int64? = {
                try await database.read { sql in try await sql.query("SELECT COUNT(*) AS n FROM t") }.first?.optionalInt("n")
            }
            #expect(try await count() == 1, "committed: other connections see it")
            // The writer is not held by the sync: a second transaction commits while the first one's sync waits.
            let second = Task {
                try await database.transaction { sql in try await sql.query("INSERT INTO t (v) VALUES (2)") }
                returned.append(2)
            }
            #expect(try await eventually { try await count() == 2 })
            try await Task.sleep(for: .milliseconds(100))
            #expect(returned.all.isEmpty, "neither caller returned before its log was synced")
            gate.open()
            try await first.value
            try await second.value
            #expect(returned.all.sorted() == [1, 2])
            await database.close()
        }
    }

    @Test func aFailedSyncFailsItsCallersAndStopsTheDatabase() async throws {
        try await withTemporaryDirectory { directory in
            let gate = SyncGate()
            let database = try SQLiteDatabase(path: directory.appendingPathComponent("failing.sqlite").path, durability: .full,
                                              readers: 2, logger: testLogger, logSync: { gate.sync() })
            try await database.transaction { sql in try await sql.query("CREATE TABLE t (v INTEGER NOT NULL)") }
            gate.close()
            let insert = Task { try await database.transaction { sql in try await sql.query("INSERT INTO t (v) VALUES (1)") } }
            #expect(try await eventually { gate.started >= 2 })
            gate.open(failing: StoreError(.unavailable, "disk gone"))
            await #expect(throws: StoreError.self) { try await insert.value }
            // Which commits reached the disk is unknown now: nothing more is accepted.
            let later = await #expect(throws: StoreError.self) {
                try await database.transaction { sql in try await sql.query("INSERT INTO t (v) VALUES (2)") }
            }
            #expect(later?.message.contains("disk gone") == true)
            #expect(database.writeFailure?.message == "disk gone", "/health reports it")
            await database.close()
        }
    }

    @Test func theLogFileIsSyncedAndTheDatabaseSurvivesReopening() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("reopen.sqlite").path
            let database = try SQLiteDatabase(path: path, durability: .full)
            try await database.transaction { sql in try await sql.query("CREATE TABLE t (v INTEGER NOT NULL)") }
            for value in 0..<200 {
                try await database.transaction { sql in try await sql.query("INSERT INTO t (v) VALUES (?)", [.int(value)]) }
            }
            await database.close()
            let again = try SQLiteDatabase(path: path, durability: .full)
            let rows = try await again.read { sql in try await sql.query("SELECT COUNT(*) AS n, SUM(v) AS s FROM t") }
            #expect(rows.first?.optionalInt("n") == 200 && rows.first?.optionalInt("s") == 19_900)
            await again.close()
        }
    }
}
