import Foundation

/// Parses `.env` files: `KEY=value` lines, `#` comments, optional `export`, single or double quotes.
public enum DotEnv {
    /// A line of a `.env` file that is not `KEY=value`.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// 1-based line number.
        public var line: Int
        /// The offending text.
        public var text: String
        /// A readable message.
        public var description: String { ".env line \(line): expected KEY=value, found «\(text)»" }
    }

    /// Parses the contents of a `.env` file.
    /// - Throws: ``ParseError`` naming the first malformed line.
    public static func parse(_ contents: String) throws(ParseError) -> [String: String] {
        var values: [String: String] = [:]
        for (index, rawLine) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else { throw ParseError(line: index + 1, text: line) }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ParseError(line: index + 1, text: line)
            }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            } else if let hash = value.range(of: " #") {
                value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            values[key] = value
        }
        return values
    }
}
