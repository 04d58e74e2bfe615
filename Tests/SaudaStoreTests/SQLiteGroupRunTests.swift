import Foundation
@testable import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

/// SQLite runs the transaction bodies of a group without savepoints. A body that fails having written nothing leaves
/// the others as they are; one that fails after writing makes the group start again with a savepoint per body, and
/// the bodies that had succeeded run once more. Every caller gets its own outcome, every kept body's work is stored
/// once, and what a body leaves for after the commit happens once.
@Suite struct SQLiteGroupRunTests {
    struct Boom: Error {}

    /// How often each named body ran, and which after-commit actions ran.
    final class Ledger: Sendable {
        private let state = Mutex<(runs: [String: Int], committed: [String])>(([:], []))
        func ran(_ name: String) { state.withLock { $0.runs[name, default: 0] += 1 } }
        func committed(_ name: String) { state.withLock { $0.committed.append(name) } }
        var runs: [String: Int] { state.withLock { $0.runs } }
        var committed: [String] { state.withLock { $0.committed } }
    }

    /// A count tasks share.
    final class Count: Sendable {
        private let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    /// A body of the group: records its run and an action for after the commit, then does `work`.
    typealias Body = @Sendable (any SQLConnection) async throws -> Void

    /// Runs `bodies` as transactions that queue, in this order, behind one that holds the writer, so that they run
    /// as one group. Returns each one's outcome, `nil` for success.
    func runAsOneGroup(_ database: SQLiteDatabase, ledger: Ledger, _ bodies: [(name: String, work: Body)]) async throws
        -> [String: (any Error)?] {
        let holderStarted = Mutex(false)
        let submitted = Atomic<Int>(0)
        let holder = Task {
            try await database.transaction { sql in
                holderStarted.withLock { $0 = true }
                // Holds the writer until every body has been submitted, so that they queue up behind it.
                while submitted.load(ordering: .relaxed) < bodies.count { try await Task.sleep(for: .milliseconds(5)) }
                try await Task.sleep(for: .milliseconds(50))
                try await sql.query("INSERT INTO t (name) VALUES ('holder')")
            }
        }
        while !holderStarted.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(2)) }
        var tasks: [(String, Task<Void, any Error>)] = []
        let started = Count()
        for position in bodies.indices {
            let name = bodies[position].name
            let work = bodies[position].work
            tasks.append((name, Task {
                started.add()
                try await database.transaction { sql in
                    ledger.ran(name)
                    sql.afterCommit { ledger.committed(name) }
                    try await work(sql)
                }
            }))
            // Submitted in order: the next task starts only once this one is on its way to the queue, which it joins
            // without waiting for anything (the writer is held).
            while started.value <= position { try await Task.sleep(for: .milliseconds(1)) }
            try await Task.sleep(for: .milliseconds(10))
            submitted.add(1, ordering: .relaxed)
        }
        try await holder.value
        var outcomes: [String: (any Error)?] = [:]
        for (name, task) in tasks {
            do { try await task.value; outcomes[name] = .some(nil) } catch { outcomes[name] = error }
        }
        return outcomes
    }

    func withGroupDatabase(_ body: (SQLiteDatabase) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let database = try SQLiteDatabase(path: directory.appendingPathComponent("group.sqlite").path)
            try await database.transaction { sql in try await sql.query("CREATE TABLE t (name TEXT NOT NULL UNIQUE)") }
            try await body(database)
            await database.close()
        }
    }

    func names(_ database: SQLiteDatabase) async throws -> [String] {
        try await database.read { sql in
            try await sql.query("SELECT name FROM t ORDER BY name").compactMap { $0.optionalString("name") }
        }
    }

    func insert(_ name: String) -> Body {
        { sql in try await sql.query("INSERT INTO t (name) VALUES (?)", [.text(name)]) }
    }

    @Test func aBodyThatFailsBeforeWritingLeavesTheOthersRunOnce() async throws {
        try await withGroupDatabase { database in
            try await database.transaction { sql in try await sql.query("INSERT INTO t (name) VALUES ('taken')") }
            let ledger = Ledger()
            let outcomes = try await runAsOneGroup(database, ledger: ledger, [
                ("a", insert("a")),
                ("duplicate", insert("taken")),
                ("c", insert("c")),
            ])
            #expect(outcomes["a"] ?? Boom() == nil && outcomes["c"] ?? Boom() == nil)
            #expect((outcomes["duplicate"] ?? nil as (any Error)?) is StoreError)
            #expect(ledger.runs == ["a": 1, "duplicate": 1, "c": 1], "nothing had to be undone: no body ran again")
            #expect(Set(ledger.committed) == ["a", "c"])
            #expect(try await names(database) == ["a", "c", "holder", "taken"])
        }
    }

    @Test func aBodyThatFailsAfterWritingIsUndoneAndTheOthersAreKeptOnce() async throws {
        try await withGroupDatabase { database in
            let ledger = Ledger()
            let outcomes = try await runAsOneGroup(database, ledger: ledger, [
                ("a", insert("a")),
                ("b", insert("b")),
                ("half", { sql in
                    try await sql.query("INSERT INTO t (name) VALUES ('half-1')")
                    throw Boom()
                }),
                ("d", insert("d")),
                ("late-failure", { sql in
                    try await sql.query("INSERT INTO t (name) VALUES ('late')")
                    throw Boom()
                }),
                ("f", insert("f")),
            ])
            for name in ["a", "b", "d", "f"] { #expect(outcomes[name] ?? Boom() == nil, "\(name) succeeded") }
            #expect((outcomes["half"] ?? nil as (any Error)?) is Boom)
            #expect((outcomes["late-failure"] ?? nil as (any Error)?) is Boom)
            // The bodies before the first failure ran again in savepoints; the failed one did not; the rest ran once.
            #expect(ledger.runs == ["a": 2, "b": 2, "half": 1, "d": 1, "late-failure": 1, "f": 1])
            #expect(ledger.committed.sorted() == ["a", "b", "d", "f"], "each kept body's actions ran once")
            #expect(try await names(database) == ["a", "b", "d", "f", "holder"])
        }
    }

    @Test func schemaChangesOfAFailedBodyAreUndone() async throws {
        try await withGroupDatabase { database in
            let ledger = Ledger()
            let outcomes = try await runAsOneGroup(database, ledger: ledger, [
                ("a", insert("a")),
                ("schema", { sql in
                    try await sql.query("CREATE TABLE half_made (v INTEGER)")
                    throw Boom()
                }),
                ("c", insert("c")),
            ])
            #expect((outcomes["schema"] ?? nil as (any Error)?) is Boom)
            #expect(ledger.runs == ["a": 2, "schema": 1, "c": 1])
            #expect(try await names(database) == ["a", "c", "holder"])
            let tables = try await database.read { sql in
                try await sql.query("SELECT name FROM sqlite_master WHERE name = 'half_made'")
            }
            #expect(tables.isEmpty, "the table the failed body created is gone")
        }
    }

    /// A body that ends the transaction itself (as SQLite does after a full disk or an I/O error) must not leave the
    /// bodies after it to commit one by one: the whole group fails, nothing of it is stored, and the next group works.
    @Test func aGroupWhoseTransactionIsGoneFailsWhole() async throws {
        try await withGroupDatabase { database in
            let ledger = Ledger()
            let outcomes = try await runAsOneGroup(database, ledger: ledger, [
                ("a", insert("a")),
                ("ends", { sql in try await sql.query("ROLLBACK") }),
                ("c", insert("c")),
            ])
            for name in ["a", "ends", "c"] { #expect(outcomes[name] ?? nil != nil, "\(name) failed") }
            #expect(ledger.committed.isEmpty)
            #expect(try await names(database) == ["holder"])
            try await database.transaction { sql in try await sql.query("INSERT INTO t (name) VALUES ('after')") }
            #expect(try await names(database) == ["after", "holder"])
        }
    }
}
