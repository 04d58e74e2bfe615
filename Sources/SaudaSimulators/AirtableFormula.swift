import SaudaCore

/// The part of Airtable's formula language the simulator evaluates: `{Field}='text'` (either quote, `\'` escapes,
/// spaces around `=`), `{Field}!='text'`, and `AND(…)`/`OR(…)` of those. Anything else is refused as Airtable
/// refuses a formula it cannot parse (422 `INVALID_FILTER_BY_FORMULA`).
indirect enum AirtableFormula: Sendable {
    case equals(field: String, value: String, negated: Bool)
    case all([AirtableFormula])
    case any([AirtableFormula])

    /// Parses a formula; `nil` when it is not of the supported forms.
    static func parse(_ text: String) -> AirtableFormula? {
        var parser = Parser(characters: Array(text), index: 0)
        guard let formula = parser.expression() else { return nil }
        parser.skipSpaces()
        return parser.index == parser.characters.count ? formula : nil
    }

    /// Whether a record's cells satisfy the formula.
    func matches(_ fields: [String: JSONValue]) -> Bool {
        switch self {
        case .equals(let field, let value, let negated):
            let cell: String = switch fields[field] ?? .null {
            case .string(let text): text
            case .number(let number): number == number.rounded() ? String(Int(number)) : String(number)
            case .bool(let flag): flag ? "1" : "0"
            default: ""
            }
            return (cell == value) != negated
        case .all(let parts): return parts.allSatisfy { $0.matches(fields) }
        case .any(let parts): return parts.contains { $0.matches(fields) }
        }
    }

    private struct Parser {
        let characters: [Character]
        var index: Int

        mutating func skipSpaces() {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
        }

        mutating func expression() -> AirtableFormula? {
            skipSpaces()
            for (name, make) in [("AND(", AirtableFormula.all), ("OR(", AirtableFormula.any)] where starts(with: name) {
                index += name.count
                var parts: [AirtableFormula] = []
                while true {
                    guard let part = expression() else { return nil }
                    parts.append(part)
                    skipSpaces()
                    guard index < characters.count else { return nil }
                    if characters[index] == "," { index += 1; continue }
                    if characters[index] == ")" { index += 1; return make(parts) }
                    return nil
                }
            }
            guard let field = fieldName() else { return nil }
            skipSpaces()
            var negated = false
            if starts(with: "!=") { negated = true; index += 2 } else if starts(with: "=") { index += 1 } else { return nil }
            skipSpaces()
            guard let value = literal() else { return nil }
            return .equals(field: field, value: value, negated: negated)
        }

        func starts(with prefix: String) -> Bool {
            let wanted = Array(prefix)
            guard index + wanted.count <= characters.count else { return false }
            return zip(characters[index..<index + wanted.count], wanted).allSatisfy { $0.uppercased() == $1.uppercased() }
        }

        mutating func fieldName() -> String? {
            guard index < characters.count, characters[index] == "{" else { return nil }
            guard let close = characters[index...].firstIndex(of: "}") else { return nil }
            let name = String(characters[(index + 1)..<close])
            index = close + 1
            return name
        }

        mutating func literal() -> String? {
            guard index < characters.count, characters[index] == "'" || characters[index] == "\"" else { return nil }
            let quote = characters[index]
            index += 1
            var value = ""
            while index < characters.count {
                let character = characters[index]
                if character == "\\", index + 1 < characters.count {
                    value.append(characters[index + 1])
                    index += 2
                    continue
                }
                index += 1
                if character == quote { return value }
                value.append(character)
            }
            return nil
        }
    }
}
