import Foundation
import Hummingbird
import SaudaCore

/// The query parameters of an admin request, validated: an unknown parameter or a bad value is a 400 that names
/// the parameter and what it accepts.
struct AdminQuery {
    private let values: [String: String]

    /// Reads the query of `request`, refusing parameters not in `allowed`.
    init(_ request: Request, allowed: Set<String>) throws {
        var values: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            let key = String(name)
            guard allowed.contains(key) else {
                let known = allowed.sorted().map { "«\($0)»" }.joined(separator: ", ")
                throw APIError(.badRequest, "unknown query parameter «\(key)»" + (known.isEmpty ? "" : "; this endpoint takes \(known)"))
            }
            // Hummingbird has decoded the value already: decoding again would read a literal `%41` as `A`.
            values[key] = String(value)
        }
        self.values = values
    }

    /// The page size: 1…`maximum`, `fallback` when absent.
    func limit(fallback: Int = 50, maximum: Int = 200) throws -> Int {
        try integer("limit", in: 1...maximum) ?? fallback
    }

    /// Rows skipped before the page: 0…1 000 000.
    func offset() throws -> Int {
        try integer("offset", in: 0...1_000_000) ?? 0
    }

    /// An integer in `range`, or nil when absent.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError(.badRequest, "query parameter «\(name)» must be a whole number from \(range.lowerBound) to \(range.upperBound), got «\(text)»")
        }
        return value
    }

    /// `true` or `false`, or nil when absent.
    func boolean(_ name: String) throws -> Bool? {
        guard let text = values[name] else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError(.badRequest, "query parameter «\(name)» must be true or false, got «\(text)»")
        }
    }

    /// One of `options`, or nil when absent.
    func choice(_ name: String, of options: [String]) throws -> String? {
        guard let text = values[name] else { return nil }
        guard options.contains(text) else {
            throw APIError(.badRequest, "query parameter «\(name)» must be one of \(options.joined(separator: ", ")), got «\(text)»")
        }
        return text
    }

    /// A moment in ISO 8601 (`2026-11-23T10:00:00Z`, or a date `2026-11-23` meaning its midnight UTC), or nil when absent.
    func moment(_ name: String) throws -> Date? {
        guard let text = values[name] else { return nil }
        if let date = ISO8601.parse(text) { return date }
        if text.count == 10, let date = ISO8601.parse(text + "T00:00:00Z") { return date }
        throw APIError(.badRequest, "query parameter «\(name)» must be an ISO 8601 time such as 2026-11-23T10:00:00+05:00, got «\(text)»")
    }

    /// Text of at most `maximumLength` code points as sent (the OpenAPI document's `maxLength`), without the spaces
    /// around it; nil when absent, empty or only spaces.
    func text(_ name: String, maximumLength: Int = 100) throws -> String? {
        guard let raw = values[name] else { return nil }
        guard raw.unicodeScalars.count <= maximumLength else {
            throw APIError(.badRequest, "query parameter «\(name)» is longer than \(maximumLength) characters")
        }
        let text = raw.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }
}
