import Foundation
import SaudaCore

/// JSON text of exported values: strings escaped, moments ISO 8601, booleans and numbers as JSON has them.
enum ExportJSON {
    /// A JSON string literal.
    static func string(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A value of a column, converted to the kind its migration declares (SQLite keeps moments as numbers).
    static func value(_ value: SQLValue, kind: SchemaColumnKinds.Kind?) -> String {
        switch (value, kind) {
        case (.null, _): "null"
        case (.date(let date), _): string(ISO8601.format(date))
        case (.double(let seconds), .moment?): string(ISO8601.format(Date(timeIntervalSince1970: seconds)))
        case (.int(let seconds), .moment?): string(ISO8601.format(Date(timeIntervalSince1970: Double(seconds))))
        case (.int(let number), .boolean?): number != 0 ? "true" : "false"
        case (.bool(let flag), _): flag ? "true" : "false"
        case (.int(let number), _): String(number)
        case (.double(let number), _): number.isFinite ? "\(number)" : "null"
        case (.text(let text), _): string(text)
        }
    }

    /// One row as an object whose keys are the columns, in table order.
    static func object(_ row: SQLRow, table: String) -> String {
        var out = "{"
        for (index, column) in row.columns.enumerated() {
            if index > 0 { out += "," }
            out += string(column) + ":" + value(row.values[index], kind: SchemaColumnKinds.kind(table: table, column: column))
        }
        return out + "}"
    }
}
