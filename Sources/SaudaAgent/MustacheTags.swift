import Foundation

/// The tags of a Mustache template with their lines, for checking a template before it is used (the Mustache
/// library renders an unknown name as empty text without a word).
enum MustacheTags {
    struct Tag: Equatable {
        enum Kind: Equatable {
            /// `{{name}}`, `{{{name}}}`, `{{&name}}`.
            case variable
            /// `{{#name}}`, `{{^name}}`, `{{/name}}`.
            case section
            /// `{{! …}}`.
            case comment
            /// `{{> name}}`.
            case partial
            /// `{{` without its `}}`.
            case unclosed
        }
        var kind: Kind
        var name: String
        var line: Int
    }

    /// Every tag of `text` in order (the default `{{ }}` delimiters).
    static func scan(_ text: String) -> [Tag] {
        var tags: [Tag] = []
        var rest = Substring(text)
        var line = 1
        while let open = rest.range(of: "{{") {
            line += rest[..<open.lowerBound].filter { $0 == "\n" }.count
            let afterOpen = rest[open.upperBound...]
            let triple = afterOpen.hasPrefix("{")
            guard let close = afterOpen.range(of: triple ? "}}}" : "}}") else {
                tags.append(Tag(kind: .unclosed, name: "", line: line))
                break
            }
            var inside = afterOpen[..<close.lowerBound]
            if triple { inside = inside.dropFirst() }
            let body = inside.trimmingCharacters(in: .whitespaces)
            let kind: Tag.Kind
            var name = body
            switch body.first {
            case "!": kind = .comment
            case ">": kind = .partial; name = String(body.dropFirst())
            case "#", "^", "/": kind = .section; name = String(body.dropFirst())
            case "&": kind = .variable; name = String(body.dropFirst())
            default: kind = .variable
            }
            tags.append(Tag(kind: kind, name: name.trimmingCharacters(in: .whitespaces), line: line))
            line += inside.filter { $0 == "\n" }.count
            rest = afterOpen[close.upperBound...]
        }
        return tags
    }
}
