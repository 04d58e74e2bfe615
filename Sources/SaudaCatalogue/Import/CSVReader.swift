import Foundation

/// A CSV record with the line of the file it starts on.
struct CSVRecord: Sendable {
    var line: Int
    var cells: [String]
}

/// Splits CSV text into records (RFC 4180: quotes around cells that hold the separator, quotes doubled inside,
/// line breaks inside quoted cells), keeping each record's first line for problem reports.
enum CSVReader {
    /// The separator of a file: whichever of `,`, `;` and tab its first line holds most of outside quotes
    /// (spreadsheets in Russian locales save with `;`).
    static func separator(of text: String) -> Character {
        var counts: [Character: Int] = [",": 0, ";": 0, "\t": 0]
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if !quoted, character == "\n" || character == "\r\n" { break }
            if !quoted, counts[character] != nil { counts[character, default: 0] += 1 }
        }
        let best = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key != ",") }
        return (best?.value ?? 0) > 0 ? (best?.key ?? ",") : ","
    }

    /// The records of `text`; blank lines are left out.
    /// - Returns: the records, and the line of a quoted cell that never closed, if one did not.
    static func records(_ text: String, separator: Character) -> (records: [CSVRecord], unclosedQuoteLine: Int?) {
        var records: [CSVRecord] = []
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        func endRecord() {
            cells.append(cell)
            if !(cells.count == 1 && cells[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                records.append(CSVRecord(line: recordLine, cells: cells))
            }
            cells = []
            cell = ""
        }
        for character in text {
            let isBreak = character == "\n" || character == "\r\n" || character == "\r"
            if quoted {
                if character == "\"" {
                    quoted = false
                    afterQuote = true
                } else {
                    cell.append(isBreak ? "\n" : character)
                }
                if isBreak { line += 1 }
                continue
            }
            if character == "\"" {
                if afterQuote { cell.append("\"") }
                quoted = true
                quoteLine = line
                afterQuote = false
                continue
            }
            afterQuote = false
            if character == separator {
                cells.append(cell)
                cell = ""
            } else if isBreak {
                endRecord()
                line += 1
                recordLine = line
            } else {
                cell.append(character)
            }
        }
        if quoted { return (records, quoteLine) }
        endRecord()
        return (records, nil)
    }

    /// A cell written for a CSV file: quoted when it holds the separator, a quote or a line break.
    static func escape(_ cell: String, separator: Character = ",") -> String {
        guard cell.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return cell }
        return "\"\(cell.replacingOccurrences(of: "\"", with: "\"\""))\""
    }
}
