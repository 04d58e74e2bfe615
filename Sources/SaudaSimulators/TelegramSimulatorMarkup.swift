/// Reads a text sent with a `parse_mode` as Telegram does, far enough to refuse what Telegram refuses and to count
/// the plain text left after the markup: MarkdownV2's escaping rule and entity ends, HTML's tag set and balance,
/// legacy Markdown's entity ends. Error texts follow the Bot API server's, without the `Bad Request:` class word.
enum TelegramMarkup {
    /// Why a text could not be parsed; `message` reads `can't parse entities: …` (or `unsupported parse_mode`).
    struct ParseError: Error, Equatable {
        var message: String

        static func entities(_ detail: String) -> ParseError { ParseError(message: "can't parse entities: \(detail)") }
    }

    /// The plain text of `text` under `parseMode` (`nil`: the text itself).
    static func plainText(_ text: String, parseMode: String?) -> Result<String, ParseError> {
        guard let parseMode else { return .success(text) }
        switch parseMode.lowercased() {
        case "markdownv2": return markdownV2(Array(text.unicodeScalars))
        case "html": return html(Array(text.unicodeScalars))
        case "markdown": return markdown(Array(text.unicodeScalars))
        default: return .failure(ParseError(message: "unsupported parse_mode"))
        }
    }

    /// UTF-8 byte offsets of each scalar (and of the end), as Telegram reports positions.
    private static func byteOffsets(_ scalars: [Unicode.Scalar]) -> [Int] {
        var offsets = [0]
        for scalar in scalars { offsets.append((offsets.last ?? 0) + String(scalar).utf8.count) }
        return offsets
    }

    private static func reserved(_ character: Unicode.Scalar) -> ParseError {
        .entities("Character '\(character)' is reserved and must be escaped with the preceding '\\'")
    }

    private static func unclosed(at offset: Int) -> ParseError {
        .entities("Can't find end of the entity starting at byte offset \(offset)")
    }

    // MARK: MarkdownV2

    private static func markdownV2(_ scalars: [Unicode.Scalar]) -> Result<String, ParseError> {
        let offsets = byteOffsets(scalars)
        var plain = String.UnicodeScalarView()
        var open: [(kind: String, offset: Int)] = []
        var index = 0
        func at(_ position: Int) -> Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }
        func toggle(_ kind: String) {
            if open.last?.kind == kind { open.removeLast() } else { open.append((kind, offsets[index])) }
            index += kind.count
        }
        while index < scalars.count {
            let character = scalars[index]
            let next = at(index + 1)
            if character == "\\" {
                guard let next, (1...126).contains(next.value) else { return .failure(reserved(character)) }
                plain.append(next)
                index += 2
                continue
            }
            if let top = open.last, top.kind == "`" || top.kind == "```" {
                if top.kind == "```", character == "`", next == "`", at(index + 2) == "`" {
                    open.removeLast()
                    index += 3
                } else if top.kind == "`", character == "`" {
                    open.removeLast()
                    index += 1
                } else {
                    plain.append(character)
                    index += 1
                }
                continue
            }
            switch character {
            case "`":
                if next == "`", at(index + 2) == "`" { toggle("```") } else { toggle("`") }
            case "*", "~":
                toggle(String(character))
            case "_":
                toggle(next == "_" ? "__" : "_")
            case "|":
                guard next == "|" else { return .failure(reserved(character)) }
                toggle("||")
            case "[":
                open.append(("[", offsets[index]))
                index += 1
            case "!":
                guard next == "[" else { return .failure(reserved(character)) }
                open.append(("[", offsets[index]))
                index += 2
            case "]":
                guard open.last?.kind == "[" else { return .failure(reserved(character)) }
                open.removeLast()
                index += 1
                if at(index) == "(" {
                    let start = offsets[index]
                    index += 1
                    while let scalar = at(index), scalar != ")" { index += scalar == "\\" ? 2 : 1 }
                    guard index < scalars.count else { return .failure(.entities("Can't find end of a URL at byte offset \(start)")) }
                    index += 1
                }
            case ">":
                guard index == 0 || scalars[index - 1] == "\n" else { return .failure(reserved(character)) }
                index += 1
            case "#", "+", "-", "=", "{", "}", ".", "(", ")":
                return .failure(reserved(character))
            default:
                plain.append(character)
                index += 1
            }
        }
        if let last = open.last { return .failure(unclosed(at: last.offset)) }
        return .success(String(plain))
    }

    // MARK: HTML

    /// The tags Telegram's HTML accepts.
    private static let htmlTags: Set<String> = [
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji",
    ]

    private static func html(_ scalars: [Unicode.Scalar]) -> Result<String, ParseError> {
        let offsets = byteOffsets(scalars)
        var plain = String.UnicodeScalarView()
        var open: [String] = []
        var index = 0
        while index < scalars.count {
            let character = scalars[index]
            if character == "<" {
                guard let close = scalars[index...].firstIndex(of: ">") else {
                    return .failure(.entities("Unclosed start tag at byte offset \(offsets[index])"))
                }
                var inside = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
                if inside.hasPrefix("/") {
                    inside.removeFirst()
                    let name = inside.trimmingWhitespace().lowercased()
                    guard let top = open.last else { return .failure(.entities("Unexpected end tag at byte offset \(offsets[index])")) }
                    guard name.isEmpty || name == top else {
                        return .failure(.entities("Unmatched end tag at byte offset \(offsets[index]), expected \"</\(top)>\", found \"</\(name)>\""))
                    }
                    open.removeLast()
                } else {
                    let name = String(inside.prefix { !$0.isWhitespace && $0 != "/" }).lowercased()
                    guard htmlTags.contains(name) else {
                        return .failure(.entities("Unsupported start tag \"\(name)\" at byte offset \(offsets[index])"))
                    }
                    open.append(name)
                }
                index = close + 1
            } else if character == "&", let end = scalars[index...].prefix(12).firstIndex(of: ";"),
                      let decoded = entity(String(String.UnicodeScalarView(scalars[(index + 1)..<end]))) {
                plain.append(decoded)
                index = end + 1
            } else {
                plain.append(character)
                index += 1
            }
        }
        if let top = open.last { return .failure(.entities("Can't find end tag corresponding to start tag \"\(top)\"")) }
        return .success(String(plain))
    }

    /// The character of an HTML entity name (`lt`, `#39`, `#x41`), `nil` for names Telegram leaves as they are.
    private static func entity(_ name: String) -> Unicode.Scalar? {
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init)
        }
    }

    // MARK: Markdown (legacy)

    private static func markdown(_ scalars: [Unicode.Scalar]) -> Result<String, ParseError> {
        let offsets = byteOffsets(scalars)
        var plain = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let character = scalars[index]
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            if character == "\\", let next, "_*`[".unicodeScalars.contains(next) {
                plain.append(next)
                index += 2
                continue
            }
            switch character {
            case "*", "_", "`", "[":
                let isPre = character == "`" && next == "`" && index + 2 < scalars.count && scalars[index + 2] == "`"
                let width = isPre ? 3 : 1
                let endMark: Unicode.Scalar = character == "[" ? "]" : character
                var end = index + width
                while end < scalars.count {
                    if scalars[end] == endMark && (!isPre || (end + 2 < scalars.count && scalars[end + 1] == "`" && scalars[end + 2] == "`")) { break }
                    end += 1
                }
                guard end < scalars.count else { return .failure(unclosed(at: offsets[index])) }
                plain.append(contentsOf: scalars[(index + width)..<end])
                index = end + width
                if character == "[", index < scalars.count, scalars[index] == "(" {
                    guard let close = scalars[index...].firstIndex(of: ")") else { return .failure(unclosed(at: offsets[index])) }
                    index = close + 1
                }
            default:
                plain.append(character)
                index += 1
            }
        }
        return .success(String(plain))
    }
}

extension String {
    /// The text without leading and trailing spaces (no Foundation needed).
    fileprivate func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
