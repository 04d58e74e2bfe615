import Foundation
import SaudaCore
import Synchronization

/// An Airtable REST API (`/v0/{baseID}/{table}`) for tests and demos: list with `filterByFormula` and `offset`
/// pages, create, update, and the native upsert (`performUpsert.fieldsToMergeOn`), with the real envelopes and both
/// error shapes (`{"error":{"type":…,"message":…}}` and the bare `{"error":"NOT_FOUND"}`).
///
/// It checks the bearer token (401 `AUTHENTICATION_REQUIRED`, 403 `INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND` for a base
/// it does not hold), the 10-record batch limit, the merge fields of an upsert, unknown columns when the table has
/// declared ones, and select options unless `typecast` is set. It counts 5 requests a second per base: the sixth
/// within a second is answered 429 `TOO_MANY_REQUESTS`, and so is every call in the 30 seconds after (time from an
/// injected clock). Faults: the next calls fail with a 5xx, the connection drops after a write is applied, slow answers.
public final class AirtableSimulator: Sendable {
    /// A row of a table.
    public struct Record: Sendable, Hashable {
        /// `rec…`, 17 characters.
        public var id: String
        /// When it was made, ISO 8601 with milliseconds.
        public var createdTime: String
        /// The cells by column name.
        public var fields: [String: JSONValue]
    }

    /// A table's schema: its columns (`nil`: any name is accepted) and the options of its single-select columns.
    public struct TableSchema: Sendable {
        /// The columns a record may name; `nil` accepts any.
        public var columns: Set<String>?
        /// Single-select columns and their options; an unknown option needs `typecast` (which adds it).
        public var selectOptions: [String: Set<String>]
        /// Creates a schema.
        public init(columns: Set<String>? = nil, selectOptions: [String: Set<String>] = [:]) {
            self.columns = columns
            self.selectOptions = selectOptions
        }
    }

    struct Table {
        var schema: TableSchema
        var records: [Record] = []
    }

    struct State {
        /// Tables by `base/table`.
        var tables: [String: Table] = [:]
        var nextID = 1
        var calls: [String: [AnyClock.Instant]] = [:]
        var lockedUntil: [String: AnyClock.Instant] = [:]
        var failures: [Int] = []
        var dropsAfterWrite = 0
        var answerDelay: Duration = .zero
        var requestCount = 0
        var rateLimited = 0
    }

    let state = Mutex(State())
    /// The personal access token requests must carry.
    public let token: String
    /// Requests a second a base lets through.
    public let requestsPerSecond: Int
    /// How long a base answers 429 after its rate was exceeded (Airtable: 30 s).
    public let lockout: Duration
    let clock: AnyClock

    /// Creates a simulator holding `tables` (`[baseID: [table: schema]]`), answering `token`.
    public init(token: String = "sim-token", tables: [String: [String: TableSchema]] = ["appSimulated": ["Leads": TableSchema()]],
                requestsPerSecond: Int = 5, lockout: Duration = .seconds(30), clock: some Clock<Duration> = ContinuousClock()) {
        self.token = token
        self.requestsPerSecond = max(1, requestsPerSecond)
        self.lockout = lockout
        self.clock = AnyClock(clock)
        state.withLock { state in
            for (base, named) in tables {
                for (table, schema) in named { state.tables["\(base)/\(table)"] = Table(schema: schema) }
            }
        }
    }

    /// The rows of a table, in creation order.
    public func records(base: String, table: String) -> [Record] {
        state.withLock { $0.tables["\(base)/\(table)"]?.records ?? [] }
    }

    /// Adds a row as if a person had typed it; returns its id.
    @discardableResult
    public func seed(base: String, table: String, fields: [String: JSONValue]) -> String {
        state.withLock { state in
            let record = Self.newRecord(&state, fields: fields)
            state.tables["\(base)/\(table)", default: Table(schema: TableSchema())].records.append(record)
            return record.id
        }
    }

    /// The next `count` API calls fail with `status` (500, 502 or 503) before doing anything.
    public func failNext(_ count: Int, status: Int = 503) {
        state.withLock { $0.failures.append(contentsOf: Array(repeating: status, count: count)) }
    }

    /// Forgets the failures still due (the API is back).
    public func clearFailures() {
        state.withLock { $0.failures = [] }
    }

    /// The next `count` writes are applied, and then the connection drops before the answer is sent.
    public func dropConnectionAfterNextWrite(_ count: Int = 1) {
        state.withLock { $0.dropsAfterWrite += count }
    }

    /// Every answer comes after `delay` (zero: at once).
    public func setAnswerDelay(_ delay: Duration) {
        state.withLock { $0.answerDelay = delay }
    }

    /// API calls received so far (refused ones too).
    public var requestCount: Int { state.withLock { $0.requestCount } }

    /// Calls answered 429 so far.
    public var rateLimitedCount: Int { state.withLock { $0.rateLimited } }

    /// Forgets every row, fault and rate count (the tables and their schemas stay).
    public func reset() {
        state.withLock { state in
            for key in state.tables.keys { state.tables[key]?.records = [] }
            state.calls = [:]
            state.lockedUntil = [:]
            state.failures = []
            state.dropsAfterWrite = 0
            state.answerDelay = .zero
        }
    }

    /// Counts a call against its base: `true` when it goes through, `false` when the base is over its rate or locked.
    func admit(base: String) -> Bool {
        let now = clock.now
        return state.withLock { state in
            if let until = state.lockedUntil[base], now < until {
                state.rateLimited += 1
                return false
            }
            var calls = state.calls[base, default: []]
            calls.removeAll { $0 + .seconds(1) <= now }
            guard calls.count < requestsPerSecond else {
                state.lockedUntil[base] = now + lockout
                state.calls[base] = []
                state.rateLimited += 1
                return false
            }
            calls.append(now)
            state.calls[base] = calls
            return true
        }
    }

    static func newRecord(_ state: inout State, fields: [String: JSONValue]) -> Record {
        let number = state.nextID
        state.nextID += 1
        let id = "recSIM" + String(String(number).reversed()).padding(toLength: 11, withPad: "0", startingAt: 0)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return Record(id: id, createdTime: formatter.string(from: Date()), fields: fields.filter { $0.value != .null })
    }
}
