import Foundation
import Hummingbird
import NIOCore
import SaudaCore

extension TelegramSimulator {
    /// The parameters of a Bot API call, from the query string and a JSON, form-encoded or multipart body (the body wins).
    ///
    /// Form and query values are strings: numbers and Booleans are read from them, and objects or arrays
    /// (`reply_parameters`, `allowed_updates`) are parsed as JSON text, as the Bot API does.
    struct Parameters: Sendable {
        var values: [String: JSONValue]

        init(_ values: [String: JSONValue]) {
            self.values = values
        }

        init(_ request: Request) async throws {
            var values = Self.form(request.uri.query ?? "")
            var request = request
            let body = try await request.collectBody(upTo: 1 << 22)
            let text = String(decoding: body.readableBytesView, as: UTF8.self)
            let contentType = request.headers[.contentType] ?? ""
            if contentType.lowercased().contains("multipart/form-data") {
                values.merge(Self.multipart(Data(body.readableBytesView), contentType: contentType)) { _, body in body }
            } else if contentType.lowercased().contains("json") || text.hasPrefix("{") {
                for (key, value) in (try? JSONValue.parse(text))?.objectValue ?? [:] { values[key] = value }
            } else if !text.isEmpty {
                values.merge(Self.form(text)) { _, body in body }
            }
            self.values = values
        }

        /// Decodes `a=1&b=x+y` into string values.
        static func form(_ text: String) -> [String: JSONValue] {
            var values: [String: JSONValue] = [:]
            for pair in text.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let decode = { (part: Substring) in String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part) }
                guard let key = parts.first.map(decode), !key.isEmpty else { continue }
                values[key] = .string(parts.count > 1 ? decode(parts[1]) : "")
            }
            return values
        }

        /// The text fields of a `multipart/form-data` body; file parts (with a `filename`) are left out.
        static func multipart(_ body: Data, contentType: String) -> [String: JSONValue] {
            guard let boundaryStart = contentType.range(of: "boundary=", options: .caseInsensitive) else { return [:] }
            let boundary = contentType[boundaryStart.upperBound...].split(separator: ";").first.map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            } ?? ""
            guard !boundary.isEmpty else { return [:] }
            let delimiter = Data("--\(boundary)".utf8)
            let headerEnd = Data("\r\n\r\n".utf8)
            var values: [String: JSONValue] = [:]
            var rest = body[...]
            while let start = rest.range(of: delimiter) {
                rest = rest[start.upperBound...]
                guard let next = rest.range(of: delimiter) else { break }
                let part = rest[..<next.lowerBound]
                guard let split = part.range(of: headerEnd) else { continue }
                let headers = String(decoding: part[..<split.lowerBound], as: UTF8.self)
                guard let nameStart = headers.range(of: "name=\""), !headers.contains("filename=") else { continue }
                let name = String(headers[nameStart.upperBound...].prefix { $0 != "\"" })
                var value = String(decoding: part[split.upperBound...], as: UTF8.self)
                if value.hasSuffix("\r\n") { value.removeLast() }
                values[name] = .string(value)
            }
            return values
        }

        /// Whether the parameter was given at all.
        func has(_ name: String) -> Bool { values[name] != nil && values[name] != .null }

        /// A string, or a number written out.
        func string(_ name: String) -> String? {
            switch values[name] {
            case .string(let text): text
            case .number(let number): number.rounded() == number ? String(Int64(number)) : String(number)
            default: nil
            }
        }

        /// A whole number, also from a numeric string.
        func int64(_ name: String) -> Int64? {
            switch values[name] {
            case .number(let number) where number.rounded() == number && abs(number) < 9.0e18: Int64(number)
            case .string(let text): Int64(text.trimmingCharacters(in: .whitespaces))
            default: nil
            }
        }

        /// A whole number that fits an `Int`.
        func int(_ name: String) -> Int? { int64(name).map { Int(clamping: $0) } }

        /// A Boolean, also from `"true"`/`"false"`/`"1"`/`"0"`.
        func bool(_ name: String) -> Bool? {
            switch values[name] {
            case .bool(let flag): flag
            case .string(let text): ["true", "1"].contains(text.lowercased()) ? true : (["false", "0", ""].contains(text.lowercased()) ? false : nil)
            case .number(let number): number != 0
            default: nil
            }
        }

        /// A JSON value that may arrive serialized as text (form and query parameters).
        private func structured(_ name: String) -> JSONValue? {
            if case .string(let text) = values[name] { return try? JSONValue.parse(text) }
            return values[name]
        }

        /// An object, also from JSON text.
        func object(_ name: String) -> Parameters? { structured(name)?.objectValue.map { Parameters($0) } }

        /// An array, also from JSON text.
        func array(_ name: String) -> [JSONValue]? { structured(name)?.arrayValue }
    }
}
