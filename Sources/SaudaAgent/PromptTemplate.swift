import Foundation
import Mustache

/// A compiled prompt template. A template whose only tags are variables (`{{name}}`, `{{{name}}}`, `{{&name}}`),
/// as every shipped one is, renders by joining its text with the values; any other tag (sections, comments,
/// pragmas, delimiter changes) renders through the Mustache library.
///
/// The Mustache library builds its output a character at a time and escapes each value for HTML the same way; for
/// the sales prompt (about 3,000 characters, mostly Cyrillic and emoji) that was 5 % of the pipeline benchmark's CPU
/// time. Both ways give the same text (`PromptLibraryTests` compares them).
struct PromptTemplate: Sendable {
    private enum Part: Sendable {
        case text(String)
        /// A value; `escaped` for `{{name}}`, which Mustache escapes for HTML.
        case value(String, escaped: Bool)
    }

    /// The parts of a variables-only template; `nil` when the template needs Mustache.
    private let parts: [Part]?
    private let mustache: MustacheTemplate
    /// Length of the template's own text, to reserve the output.
    private let textLength: Int

    /// Compiles `text`.
    /// - Throws: the Mustache library's parse error.
    init(_ text: String) throws {
        let mustache = try MustacheTemplate(string: text)
        self.mustache = mustache
        textLength = text.utf8.count
        // The split is used only when it renders a probe exactly as Mustache does (values with every escaped character).
        var probe: [String: String] = [:]
        let split = Self.variablesOnly(text)
        for case .value(let name, _) in split ?? [] { probe[name] = "<\(name) & \"'>" }
        if let split, Self.render(split, probe, reserving: textLength) == mustache.render(probe) {
            parts = split
        } else {
            parts = nil
        }
    }

    /// Whether rendering goes through the Mustache library (the template has more than variables).
    var rendersThroughMustache: Bool { parts == nil }

    /// Renders with `values`; a placeholder without a value renders as nothing.
    func render(_ values: [String: String]) -> String {
        guard let parts else { return mustache.render(values) }
        return Self.render(parts, values, reserving: textLength)
    }

    private static func render(_ parts: [Part], _ values: [String: String], reserving textLength: Int) -> String {
        var output = ""
        output.reserveCapacity(textLength + values.values.reduce(0) { $0 + $1.utf8.count })
        for part in parts {
            switch part {
            case .text(let text):
                output += text
            case .value(let name, let escaped):
                guard let value = values[name] else { continue }
                if escaped { appendEscaped(value, to: &output) } else { output += value }
            }
        }
        return output
    }

    /// Splits a template into text and variables, or `nil` when it has any other tag.
    private static func variablesOnly(_ text: String) -> [Part]? {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            let afterOpen = rest[open.upperBound...]
            let triple = afterOpen.hasPrefix("{")
            guard let close = afterOpen.range(of: triple ? "}}}" : "}}") else { return nil }
            var inside = afterOpen[..<close.lowerBound]
            if triple { inside = inside.dropFirst() }
            var name = inside.trimmingCharacters(in: .whitespaces)
            var escaped = !triple
            if !triple, name.hasPrefix("&") {
                escaped = false
                name = String(name.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            guard let first = name.unicodeScalars.first, first == "_" || CharacterSet.alphanumerics.contains(first),
                  name.unicodeScalars.allSatisfy({ $0 == "_" || CharacterSet.alphanumerics.contains($0) }) else { return nil }
            parts.append(.value(name, escaped: escaped))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return parts
    }

    /// Appends `value` escaped as Mustache escapes `{{name}}`: `<`, `>`, `&`, `"` and `'`.
    private static func appendEscaped(_ value: String, to output: inout String) {
        guard value.utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else {
            output += value
            return
        }
        for character in value {
            switch character {
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
    }
}
