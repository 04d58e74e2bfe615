/// A `LIMIT` written into the statement's text instead of bound.
///
/// SQLite reads a bound `LIMIT` while planning the query, so binding that parameter marks the statement for
/// compiling again, and it is bound on every run; measured with `sqlite3_stmt_status`, the outbox and queue
/// claim statements were re-prepared on every run (with the cleared bindings of `SQLiteHandle`, about 6 % of
/// the pipeline's CPU time together). A literal keeps one prepared statement per distinct limit: the limits are
/// integers of the code, never user text, and take few values (the queue claim's, the most, up to 128).
enum SQLLimit {
    /// The limit as SQL text, at least 0.
    static func literal(_ limit: Int) -> String { String(max(0, limit)) }
}
