import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// A piece of HTML that is safe to put into a page: made only from escaped text, literal markup of the console's
/// own, or other safe pieces.
public struct HTML: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The markup.
    public let rendered: String

    /// Literal markup written in this module (never user data).
    public init(stringLiteral value: String) { rendered = value }

    /// Markup made elsewhere in the console; `raw` must not hold unescaped user data.
    init(raw: String) { rendered = raw }

    /// Escaped text.
    public init(text: String) { rendered = HTML.escape(text) }

    public var description: String { rendered }

    /// Escapes `&`, `<`, `>`, `"` and `'`.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Pieces joined.
    public static func join(_ parts: [HTML], separator: String = "") -> HTML {
        HTML(raw: parts.map(\.rendered).joined(separator: separator))
    }

    /// Joins pieces.
    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(raw: lhs.rendered + rhs.rendered) }
}

/// Builds markup with escaping by default: `"<b>\(name)</b>"` escapes `name`; `\(html)` inserts an ``HTML`` as is.
struct Markup: ExpressibleByStringInterpolation {
    typealias StringInterpolation = Interpolation

    struct Interpolation: StringInterpolationProtocol {
        var output = ""
        init(literalCapacity: Int, interpolationCount: Int) { output.reserveCapacity(literalCapacity * 2) }
        mutating func appendLiteral(_ literal: String) { output += literal }
        mutating func appendInterpolation(_ text: String) { output += HTML.escape(text) }
        mutating func appendInterpolation(_ text: String?) { output += HTML.escape(text ?? "") }
        mutating func appendInterpolation(_ number: Int) { output += String(number) }
        mutating func appendInterpolation(_ number: Int64) { output += String(number) }
        mutating func appendInterpolation(_ html: HTML) { output += html.rendered }
        mutating func appendInterpolation(_ parts: [HTML]) { output += parts.map(\.rendered).joined() }
        /// A URL query value, percent-encoded (and then escaped for the attribute).
        mutating func appendInterpolation(query value: String) {
            output += HTML.escape(value.addingPercentEncoding(withAllowedCharacters: Markup.queryAllowed) ?? "")
        }
    }

    static let queryAllowed: CharacterSet = {
        CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    }()

    let html: HTML
    init(stringLiteral value: String) { html = HTML(raw: value) }
    init(stringInterpolation: Interpolation) { html = HTML(raw: stringInterpolation.output) }
}

/// `Markup` as a value: `html("<p>\(text)</p>")`.
func html(_ markup: Markup) -> HTML { markup.html }
