import Foundation

/// The text form of lists inside one field (a CSV cell, a YML `<param>`): entries separated by `;`, the parts of
/// an entry by `|`, and `\` before either (or before itself) to write it literally.
///
/// `Toyota|Camry|2018-2024|yes; Lexus|ES|2019-|no` is two vehicle fits; `Борты 5 см|+500` one option.
public enum CatalogueListText {
    /// The entries of a field, each split into its parts, every part trimmed; empty entries are dropped.
    public static func entries(_ text: String) -> [[String]] {
        var entries: [[String]] = []
        var parts: [String] = []
        var part = ""
        var escaped = false
        func endPart() {
            parts.append(part.trimmingCharacters(in: .whitespaces))
            part = ""
        }
        func endEntry() {
            endPart()
            if !(parts.count == 1 && parts[0].isEmpty) { entries.append(parts) }
            parts = []
        }
        for character in text {
            if escaped {
                part.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                endPart()
            } else if character == ";" || character == "\n" {
                endEntry()
            } else {
                part.append(character)
            }
        }
        if escaped { part.append("\\") }
        endEntry()
        return entries
    }

    /// Writes entries back in the form ``entries(_:)`` reads, escaping `\`, `|` and `;` in the parts.
    public static func text(_ entries: [[String]]) -> String {
        entries.map { parts in parts.map(escape).joined(separator: "|") }.joined(separator: "; ")
    }

    static func escape(_ part: String) -> String {
        var escaped = ""
        for character in part {
            if character == "\\" || character == "|" || character == ";" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
