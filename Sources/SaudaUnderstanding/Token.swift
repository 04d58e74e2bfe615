import Foundation

/// One word or number of customer text, with where it stands in the original string.
///
/// Letters and digits are split apart (`"2022г"` gives `2022` and `г`, `"x5"` gives `x` and `5`) so that numbers
/// and their units can be read separately; the vehicle matcher joins neighbouring tokens back when it needs to.
public struct Token: Sendable, Equatable {
    /// The token as written.
    public let text: String
    /// The token lowercased with `ё` read as `е`.
    public let key: String
    /// Where the token stands in the string it was read from.
    public let range: Range<String.Index>

    /// True when the token is made of digits only.
    public var isNumber: Bool { key.allSatisfy(\.isNumber) && key.allSatisfy(\.isASCII) }
    /// The token's value when it is a number.
    public var number: Int? { isNumber && key.count <= 12 ? Int(key) : nil }
    /// True when the token starts with a capital letter as written.
    public var isCapitalised: Bool { text.first.map { $0.isUppercase } ?? false }

    /// Splits `text` into tokens of letters or digits; everything else separates tokens.
    public static func tokens(of text: String) -> [Token] {
        var tokens: [Token] = []
        var start: String.Index?
        var startIsDigit = false
        var index = text.startIndex
        func close(at end: String.Index) {
            if let begin = start {
                let piece = String(text[begin..<end])
                tokens.append(Token(text: piece, key: TextKey.normalise(piece), range: begin..<end))
            }
            start = nil
        }
        while index < text.endIndex {
            let character = text[index]
            let isDigit = character.isASCII && character.isNumber
            if character.isLetter || isDigit {
                if start != nil, startIsDigit != isDigit { close(at: index) }
                if start == nil {
                    start = index
                    startIsDigit = isDigit
                }
            } else {
                close(at: index)
            }
            index = text.index(after: index)
        }
        close(at: text.endIndex)
        return tokens
    }
}
