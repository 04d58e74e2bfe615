import Foundation
import SaudaCore

/// A value bound to, or read from, an SQL statement; the same on SQLite and PostgreSQL.
public enum SQLValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A 64-bit integer.
    case int(Int64)
    /// A double.
    case double(Double)
    /// Text.
    case text(String)
    /// A boolean (an integer 0/1 on SQLite).
    case bool(Bool)
    /// A moment (epoch seconds on SQLite, `TIMESTAMPTZ` on PostgreSQL).
    case date(Date)

    /// Wraps an optional string.
    public static func text(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
    /// Wraps an optional date.
    public static func date(_ value: Date?) -> SQLValue { value.map(SQLValue.date) ?? .null }
    /// Wraps an optional boolean.
    public static func bool(_ value: Bool?) -> SQLValue { value.map(SQLValue.bool) ?? .null }
    /// Wraps an optional double.
    public static func double(_ value: Double?) -> SQLValue { value.map(SQLValue.double) ?? .null }
    /// Wraps an integer.
    public static func int(_ value: Int) -> SQLValue { .int(Int64(value)) }
    /// Wraps an optional integer.
    public static func int(_ value: Int64?) -> SQLValue { value.map(SQLValue.int) ?? .null }
}

/// One result row, with typed accessors that convert between the engines' representations.
public struct SQLRow: Sendable {
    let columns: [String]
    let values: [SQLValue]

    /// Creates a row from column names and values of the same count.
    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The raw value of a column, `.null` when the column is absent.
    public subscript(_ column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    private func mismatch(_ column: String, _ expected: String) -> StoreError {
        StoreError(.decoding, "column \(column): expected \(expected), found \(self[column])")
    }

    /// An integer column.
    public func int(_ column: String) throws(StoreError) -> Int64 {
        guard let value = optionalInt(column) else { throw mismatch(column, "integer") }
        return value
    }

    /// A nullable integer column.
    public func optionalInt(_ column: String) -> Int64? {
        switch self[column] {
        case .int(let value): value
        case .double(let value): Int64(value)
        case .bool(let value): value ? 1 : 0
        case .text(let value): Int64(value)
        case .null, .date: nil
        }
    }

    /// A text column.
    public func string(_ column: String) throws(StoreError) -> String {
        guard let value = optionalString(column) else { throw mismatch(column, "text") }
        return value
    }

    /// A nullable text column.
    public func optionalString(_ column: String) -> String? {
        switch self[column] {
        case .text(let value): value
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .null, .bool, .date: nil
        }
    }

    /// A nullable double column.
    public func optionalDouble(_ column: String) -> Double? {
        switch self[column] {
        case .double(let value): value
        case .int(let value): Double(value)
        case .text(let value): Double(value)
        case .null, .bool, .date: nil
        }
    }

    /// A nullable boolean column.
    public func optionalBool(_ column: String) -> Bool? {
        switch self[column] {
        case .bool(let value): value
        case .int(let value): value != 0
        case .null, .double, .text, .date: nil
        }
    }

    /// A boolean column; NULL reads as false.
    public func bool(_ column: String) -> Bool { optionalBool(column) ?? false }

    /// A moment column.
    public func date(_ column: String) throws(StoreError) -> Date {
        guard let value = optionalDate(column) else { throw mismatch(column, "timestamp") }
        return value
    }

    /// A nullable moment column.
    public func optionalDate(_ column: String) -> Date? {
        switch self[column] {
        case .date(let value): value
        case .double(let value): Date(timeIntervalSince1970: value)
        case .int(let value): Date(timeIntervalSince1970: Double(value))
        case .text(let value): ISO8601.parse(value)
        case .null, .bool: nil
        }
    }
}
