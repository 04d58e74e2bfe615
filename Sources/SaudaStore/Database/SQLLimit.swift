/// A `LIMIT` written into the statement's text instead of bound.
///
/// SQLite reads a bound `LIMIT` while planning the query, so binding that parameter marks the statement for
/// compiling again, and it is bound on every run; measured with `sqlite3_stmt_status`, the
/// conversation history, queue claim and outbox statements were re-prepared on every single run, about 6 % of
/// the pipeline's CPU time. A literal keeps one prepared statement per distinct limit, and the few limits in
/// use are constants of the code, never user input.
enum SQLLimit {
    /// The limit as SQL text, at least 0.
    static func literal(_ limit: Int) -> String { String(max(0, limit)) }
}
