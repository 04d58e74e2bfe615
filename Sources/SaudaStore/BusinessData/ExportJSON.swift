import Foundation
import SaudaCore

/// JSON text of exported values, appended as UTF-8 bytes: strings escaped, moments ISO 8601, booleans and numbers as
/// JSON has them.
enum ExportJSON {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends a JSON string literal.
    static func append(string text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case ..<0x20: out += Array("\\u00".utf8) + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends text that needs no escaping (JSON punctuation, numbers).
    static func append(raw text: String, to out: inout [UInt8]) { out += text.utf8 }

    /// Appends a value of a column, converted to the kind its migration declares (SQLite keeps moments as numbers).
    static func append(_ value: SQLValue, kind: SchemaColumnKinds.Kind?, to out: inout [UInt8]) {
        switch (value, kind) {
        case (.null, _): append(raw: "null", to: &out)
        case (.date(let date), _): append(string: ISO8601.format(date), to: &out)
        case (.double(let seconds), .moment?): append(string: ISO8601.format(Date(timeIntervalSince1970: seconds)), to: &out)
        case (.int(let seconds), .moment?): append(string: ISO8601.format(Date(timeIntervalSince1970: Double(seconds))), to: &out)
        case (.int(let number), .boolean?): append(raw: number != 0 ? "true" : "false", to: &out)
        case (.bool(let flag), _): append(raw: flag ? "true" : "false", to: &out)
        case (.int(let number), _): append(raw: String(number), to: &out)
        case (.double(let number), _): append(raw: number.isFinite ? "\(number)" : "null", to: &out)
        case (.text(let text), _): append(string: text, to: &out)
        }
    }

    /// Appends one row as an object whose keys are the columns, in table order.
    static func append(row: SQLRow, table: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, column) in row.columns.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            append(string: column, to: &out)
            out.append(UInt8(ascii: ":"))
            append(row.values[index], kind: SchemaColumnKinds.kind(table: table, column: column), to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
