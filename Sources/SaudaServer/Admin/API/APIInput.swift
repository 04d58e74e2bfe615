import Hummingbird

/// The admin API's rules for request values, as `scripts/openapi.py` writes them into the OpenAPI document: a value
/// the document admits passes, one it refuses is a 400 that names the field. Lengths count Unicode code points, as
/// JSON Schema's `minLength` and `maxLength` do; "blank" and "space" mean Unicode White_Space, the set the document
/// spells out and Foundation trims with `.whitespacesAndNewlines`.
enum APIInput {
    /// Text of `1…maximum` code points with something besides spaces (`text(…)` of the document).
    /// - Throws: ``APIError`` 400 naming `field`.
    static func text(_ value: String, field: String, maximum: Int) throws(APIError) {
        try length(value, field: field, maximum: maximum)
        guard value.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw APIError(.badRequest, "field «\(field)» is empty or only spaces")
        }
    }

    /// At most `maximum` code points (the document's `maxLength`), counted before any trimming.
    /// - Throws: ``APIError`` 400 naming `field`.
    static func length(_ value: String, field: String, maximum: Int) throws(APIError) {
        guard value.unicodeScalars.count <= maximum else {
            throw APIError(.badRequest, "field «\(field)» is longer than \(maximum) characters")
        }
    }

    /// Whether `text` is a phone number as the API takes it (the document's `PHONE_PATTERN`): an optional `+`, then
    /// 10 to 15 digits with spaces, hyphens and parentheses between them, nothing else.
    static func isWrittenPhone(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "+" { scalars = scalars.dropFirst() }
        guard let first = scalars.first, let last = scalars.last, first.isASCIIDigit, last.isASCIIDigit else { return false }
        var digits = 0
        for scalar in scalars {
            if scalar.isASCIIDigit {
                digits += 1
            } else if !" ()-".unicodeScalars.contains(scalar) {
                return false
            }
        }
        return (10...15).contains(digits)
    }

    /// A phone number the API takes (``isWrittenPhone(_:)``), returned as written.
    /// - Throws: ``APIError`` 400 naming `field`.
    static func phone(_ text: String, field: String) throws(APIError) -> String {
        guard isWrittenPhone(text) else {
            throw APIError(.badRequest, "«\(text)» in «\(field)» is not a phone number: write 10 to 15 digits, "
                           + "with spaces, hyphens or parentheses between them and an optional + first (+7 701 234-56-78, 87012345678)")
        }
        return text
    }

    /// Whether `name` is a knowledge document name as the API takes it (the document's `DOCUMENT_NAME`): 1 to 120
    /// code points, no control characters, not starting with a dot or a space, not ending with a space.
    static func isDocumentName(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, (1...120).contains(scalars.count) else { return false }
        return first != "." && !first.properties.isWhitespace && !last.properties.isWhitespace
            && !scalars.contains { $0.properties.generalCategory == .control }
    }
}

extension Unicode.Scalar {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
