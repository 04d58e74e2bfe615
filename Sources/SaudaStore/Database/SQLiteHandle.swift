import Foundation
import SaudaCore
import VaporCSQLite

private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection on the C API with a cache of prepared statements.
///
/// Calls are synchronous: each statement takes microseconds on a local file, far less than a hop to a
/// thread pool would. `@unchecked Sendable` because every use is serialised by the owner's ``AsyncLock``.
final class SQLiteHandle: @unchecked Sendable {
    private var db: OpaquePointer?
    private var statements: [String: Prepared] = [:]
    /// Statements run to their end that changed the database without SQLite counting rows (schema, pragmas).
    private var otherWrites = 0
    let path: String

    init(path: String, readOnly: Bool) throws(StoreError) {
        self.path = path
        var handle: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite_nio_sqlite3_close(handle)
            throw StoreError(.unavailable, "cannot open SQLite database at \(path): \(message)")
        }
        db = handle
        // While another connection holds a lock, try again every 0.2 ms for about 10 s. SQLite's own busy timeout
        // sleeps 1, 2, 5, 10, 15, 20, 25 … ms between tries: the writer, held back while a restart checkpoint
        // copies the log's last pages, slept on for up to 8 ms after the lock was free (pipeline benchmark: the
        // writer's waits fell from 640 to 495 ms in a run).
        sqlite_nio_sqlite3_busy_handler(handle, { _, attempt in
            usleep(200)
            return attempt < 50_000 ? 1 : 0
        }, nil)
    }

    deinit { close() }

    /// What a prepared statement does, decided once when it is prepared.
    private enum StatementKind {
        /// Only reads: no writes, no transaction control (``execute(_:_:readOnly:)`` allows only these).
        case pureRead
        /// Changes rows (`INSERT`, `UPDATE`, `DELETE`): SQLite counts the rows it changes.
        case rowWrite
        /// Anything else: schema, pragmas, transaction control.
        case other
    }

    private struct Prepared {
        let statement: OpaquePointer
        let kind: StatementKind
        /// The result's column names, read once instead of on every run.
        let columns: [String]
    }

    private static func columnNames(_ statement: OpaquePointer) -> [String] {
        (0..<sqlite_nio_sqlite3_column_count(statement)).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) }
    }

    func close() {
        for prepared in statements.values { sqlite_nio_sqlite3_finalize(prepared.statement) }
        statements.removeAll()
        if let db { sqlite_nio_sqlite3_close_v2(db) }
        db = nil
    }

    /// Whether a statement begins, ends or marks a transaction (SQLite counts those as read-only).
    static func controlsTransaction(_ sql: String) -> Bool {
        ["BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"].contains(leadingKeyword(sql))
    }

    /// Whether a statement changes rows, so that SQLite counts the rows it changes (`WITH` leads a `SELECT` too,
    /// but a statement that writes nothing is a pure read first).
    static func changesRows(_ sql: String) -> Bool {
        ["INSERT", "UPDATE", "DELETE", "REPLACE", "WITH"].contains(leadingKeyword(sql))
    }

    private static func leadingKeyword(_ sql: String) -> String {
        sql.drop { $0 == " " || $0 == "\n" || $0 == "\t" }.prefix { $0.isLetter }.uppercased()
    }

    /// What this connection has written so far: the rows SQLite counts as changed and the statements that changed
    /// the database without changing rows. A transaction body that fails with the mark unchanged left nothing to
    /// undo: a statement that fails is rolled back by SQLite on its own.
    struct WriteMark: Equatable {
        let changedRows: Int64
        let otherWrites: Int
    }

    var writeMark: WriteMark {
        WriteMark(changedRows: db.map { sqlite_nio_sqlite3_total_changes64($0) } ?? 0, otherWrites: otherWrites)
    }

    /// Whether a transaction is open. SQLite rolls a transaction back by itself after some errors (a full disk,
    /// an I/O error), and statements after that would each commit on their own.
    var isInTransaction: Bool {
        db.map { sqlite_nio_sqlite3_get_autocommit($0) == 0 } ?? false
    }

    /// Runs statements without binds and results (pragmas, schema).
    func executeScript(_ sql: String) throws(StoreError) {
        guard let db else { throw StoreError(.closed, "database is closed") }
        var errorMessage: UnsafeMutablePointer<CChar>?
        let status = sqlite_nio_sqlite3_exec(db, sql, nil, nil, &errorMessage)
        if status != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? "error \(status)"
            sqlite_nio_sqlite3_free(errorMessage)
            throw StoreError(status == SQLITE_CONSTRAINT ? .conflict : .statement, "\(message) in: \(sql.prefix(200))")
        }
    }

    private func error(_ status: Int32, _ sql: String) -> StoreError {
        let message = db.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "closed"
        let primary = status & 0xFF
        let code: StoreError.Code = primary == SQLITE_CONSTRAINT ? .conflict
            : (primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? .unavailable : .statement)
        return StoreError(code, "\(message) in: \(sql.prefix(200))")
    }

    private func prepared(_ sql: String) throws(StoreError) -> Prepared {
        if let prepared = statements[sql] { return prepared }
        guard let db else { throw StoreError(.closed, "database is closed") }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status, sql) }
        let kind: StatementKind = if sqlite_nio_sqlite3_stmt_readonly(statement) != 0 {
            Self.controlsTransaction(sql) ? .other : .pureRead
        } else {
            Self.changesRows(sql) ? .rowWrite : .other
        }
        let prepared = Prepared(statement: statement, kind: kind, columns: Self.columnNames(statement))
        statements[sql] = prepared
        return prepared
    }

    /// Runs one statement with binds and returns its rows.
    /// - Parameter readOnly: refuse a statement that would write or control the transaction.
    func execute(_ sql: String, _ binds: [SQLValue], readOnly: Bool = false) throws(StoreError) -> [SQLRow] {
        let prepared = try prepared(sql)
        let statement = prepared.statement
        if readOnly, prepared.kind != .pureRead {
            throw StoreError(.statement, "a read cannot write or end its transaction: \(sql.prefix(200))")
        }
        // Every parameter is bound on every run, so the previous run's values are never read and the bindings
        // are not cleared: `sqlite3_clear_bindings` marks a statement whose plan looked at a bound value for
        // compiling again, and such statements (the history read, the queue claim) were compiled anew on every
        // run, about 6 % of the pipeline's CPU time.
        defer { sqlite_nio_sqlite3_reset(statement) }
        guard binds.count == Int(sqlite_nio_sqlite3_bind_parameter_count(statement)) else {
            throw StoreError(.statement, "\(binds.count) values for \(sqlite_nio_sqlite3_bind_parameter_count(statement)) parameters in: \(sql.prefix(200))")
        }
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite_nio_sqlite3_bind_null(statement, index)
            case .int(let int): status = sqlite_nio_sqlite3_bind_int64(statement, index, int)
            case .double(let double): status = sqlite_nio_sqlite3_bind_double(statement, index, double)
            case .bool(let bool): status = sqlite_nio_sqlite3_bind_int64(statement, index, bool ? 1 : 0)
            case .date(let date): status = sqlite_nio_sqlite3_bind_double(statement, index, date.timeIntervalSince1970)
            case .text(let text):
                status = sqlite_nio_sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count),
                                                        transientDestructor, UInt8(SQLITE_UTF8))
            }
            guard status == SQLITE_OK else { throw error(status, sql) }
        }
        let columnCount = sqlite_nio_sqlite3_column_count(statement)
        // SQLite prepares a statement again after a schema change; only a `*` could then name other columns.
        let names = prepared.columns.count == Int(columnCount) ? prepared.columns : Self.columnNames(statement)
        var rows: [SQLRow] = []
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE {
                if prepared.kind == .other { otherWrites += 1 }
                break
            }
            guard status == SQLITE_ROW else { throw error(status, sql) }
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                switch sqlite_nio_sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: values.append(.int(sqlite_nio_sqlite3_column_int64(statement, column)))
                case SQLITE_FLOAT: values.append(.double(sqlite_nio_sqlite3_column_double(statement, column)))
                case SQLITE_TEXT:
                    if let text = sqlite_nio_sqlite3_column_text(statement, column) {
                        values.append(.text(String(cString: text)))
                    } else {
                        values.append(.null)
                    }
                case SQLITE_BLOB:
                    let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                    if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                        let buffer = UnsafeRawBufferPointer(start: bytes, count: count)
                        values.append(.text(String(decoding: buffer, as: UTF8.self)))
                    } else {
                        values.append(.null)
                    }
                default: values.append(.null)
                }
            }
            rows.append(SQLRow(columns: names, values: values))
        }
        return rows
    }
}
