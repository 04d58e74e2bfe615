import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// The fields of an `application/x-www-form-urlencoded` body or a query string.
struct FormFields: Sendable {
    private(set) var values: [String: String] = [:]

    /// Parses `a=1&b=two+words`.
    init(urlEncoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if values[name] == nil { values[name] = value }
        }
    }

    /// Fields given directly (a multipart body).
    init(_ values: [String: String]) { self.values = values }

    /// The value of a field, `nil` when absent.
    subscript(_ name: String) -> String? { values[name] }

    /// The value of a field trimmed, `nil` when absent or blank.
    func nonEmpty(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
