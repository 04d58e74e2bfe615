import Foundation
import SaudaCore

/// The part of OData v3's `$filter` 1C's simulator understands: `eq`, `ne`, `gt`, `ge`, `lt`, `le`, `and`, `or`,
/// `not`, parentheses, `substringof(needle, haystack)`, `startswith`, `endswith`, `like(text, pattern)` (1C's own,
/// `%` and `_`), a function compared with `eq true`/`eq false`, and the literals `'text'` (`''` is a quote),
/// `guid'…'`, `datetime'…'`, `true`, `false`, `null` and numbers.
indirect enum OneCFilter: Sendable {
    case property(String)
    case literal(JSONValue)
    case compare(String, OneCFilter, OneCFilter)
    case and(OneCFilter, OneCFilter)
    case or(OneCFilter, OneCFilter)
    case not(OneCFilter)
    case call(String, [OneCFilter])

    /// Parses a filter; `nil` when it is not one this simulator reads.
    static func parse(_ text: String) -> OneCFilter? {
        guard let tokens = tokenize(text) else { return nil }
        var parser = Parser(tokens: tokens)
        guard let filter = parser.expression(), parser.index == tokens.count else { return nil }
        return filter
    }

    /// Whether a record matches.
    func matches(_ record: [String: JSONValue]) -> Bool {
        value(record) == .bool(true)
    }

    func value(_ record: [String: JSONValue]) -> JSONValue {
        switch self {
        case .property(let name): return record[name] ?? .null
        case .literal(let value): return value
        case .and(let left, let right): return .bool(left.matches(record) && right.matches(record))
        case .or(let left, let right): return .bool(left.matches(record) || right.matches(record))
        case .not(let inner): return .bool(!inner.matches(record))
        case .compare(let op, let left, let right):
            let a = left.value(record), b = right.value(record)
            switch op {
            case "eq": return .bool(Self.same(a, b))
            case "ne": return .bool(!Self.same(a, b))
            default:
                guard let order = Self.order(a, b) else { return .bool(false) }
                switch op {
                case "gt": return .bool(order > 0)
                case "ge": return .bool(order >= 0)
                case "lt": return .bool(order < 0)
                default: return .bool(order <= 0)
                }
            }
        case .call(let name, let arguments):
            let values = arguments.map { $0.value(record).stringValue ?? "" }
            guard values.count == 2 else { return .bool(false) }
            switch name {
            case "substringof": return .bool(values[1].contains(values[0]))
            case "startswith": return .bool(values[0].hasPrefix(values[1]))
            case "endswith": return .bool(values[0].hasSuffix(values[1]))
            case "like": return .bool(Self.like(values[0], values[1]))
            default: return .bool(false)
            }
        }
    }

    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.stringValue, let y = b.stringValue { return x.lowercased() == y.lowercased() && (x == y || isGUID(x)) }
        return a == b
    }

    static func order(_ a: JSONValue, _ b: JSONValue) -> Int? {
        if let x = a.numberValue, let y = b.numberValue { return x < y ? -1 : x > y ? 1 : 0 }
        if let x = a.stringValue, let y = b.stringValue { return x < y ? -1 : x > y ? 1 : 0 }
        return nil
    }

    static func isGUID(_ text: String) -> Bool { UUID(uuidString: text) != nil }

    /// 1C's `like`: `%` any run, `_` one character.
    static func like(_ text: String, _ pattern: String) -> Bool {
        let text = Array(text), pattern = Array(pattern)
        func match(_ t: Int, _ p: Int) -> Bool {
            if p == pattern.count { return t == text.count }
            switch pattern[p] {
            case "%": return (t...text.count).contains { match($0, p + 1) }
            case "_": return t < text.count && match(t + 1, p + 1)
            default: return t < text.count && text[t] == pattern[p] && match(t + 1, p + 1)
            }
        }
        return match(0, 0)
    }

    enum Token: Equatable {
        case word(String), literal(JSONValue), open, close, comma
    }

    static func tokenize(_ text: String) -> [Token]? {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        func quoted() -> String? {
            // At the opening quote.
            var value = ""
            index += 1
            while index < characters.count {
                if characters[index] == "'" {
                    if index + 1 < characters.count, characters[index + 1] == "'" {
                        value.append("'")
                        index += 2
                        continue
                    }
                    index += 1
                    return value
                }
                value.append(characters[index])
                index += 1
            }
            return nil
        }
        while index < characters.count {
            let character = characters[index]
            if character == " " { index += 1; continue }
            if character == "(" { tokens.append(.open); index += 1; continue }
            if character == ")" { tokens.append(.close); index += 1; continue }
            if character == "," { tokens.append(.comma); index += 1; continue }
            if character == "'" {
                guard let value = quoted() else { return nil }
                tokens.append(.literal(.string(value)))
                continue
            }
            var word = ""
            while index < characters.count, !" (),'".contains(characters[index]) {
                word.append(characters[index])
                index += 1
            }
            if index < characters.count, characters[index] == "'", ["guid", "datetime", "X", "binary", "time"].contains(word) {
                guard let value = quoted() else { return nil }
                if word == "guid", !isGUID(value) { return nil }
                tokens.append(.literal(.string(value)))
                continue
            }
            guard !word.isEmpty else { return nil }
            switch word {
            case "true": tokens.append(.literal(.bool(true)))
            case "false": tokens.append(.literal(.bool(false)))
            case "null": tokens.append(.literal(.null))
            default:
                if let number = Double(word), word.first?.isNumber == true || word.first == "-" {
                    tokens.append(.literal(.number(number)))
                } else {
                    tokens.append(.word(word))
                }
            }
        }
        return tokens
    }

    struct Parser {
        let tokens: [Token]
        var index = 0

        mutating func next() -> Token? {
            guard index < tokens.count else { return nil }
            defer { index += 1 }
            return tokens[index]
        }

        func peek() -> Token? { index < tokens.count ? tokens[index] : nil }

        mutating func expression() -> OneCFilter? {
            guard var left = conjunction() else { return nil }
            while peek() == .word("or") {
                index += 1
                guard let right = conjunction() else { return nil }
                left = .or(left, right)
            }
            return left
        }

        mutating func conjunction() -> OneCFilter? {
            guard var left = comparison() else { return nil }
            while peek() == .word("and") {
                index += 1
                guard let right = comparison() else { return nil }
                left = .and(left, right)
            }
            return left
        }

        mutating func comparison() -> OneCFilter? {
            if peek() == .word("not") {
                index += 1
                return comparison().map { .not($0) }
            }
            guard let left = operand() else { return nil }
            if case .word(let op)? = peek(), ["eq", "ne", "gt", "ge", "lt", "le"].contains(op) {
                index += 1
                guard let right = operand() else { return nil }
                return .compare(op, left, right)
            }
            return left
        }

        mutating func operand() -> OneCFilter? {
            switch next() {
            case .open?:
                guard let inner = expression(), next() == .close else { return nil }
                return inner
            case .literal(let value)?:
                return .literal(value)
            case .word(let word)?:
                guard peek() == .open else { return .property(word) }
                guard ["substringof", "startswith", "endswith", "like"].contains(word) else { return nil }
                index += 1
                var arguments: [OneCFilter] = []
                while true {
                    guard let argument = comparison() else { return nil }
                    arguments.append(argument)
                    switch next() {
                    case .comma?: continue
                    case .close?: return .call(word, arguments)
                    default: return nil
                    }
                }
            default:
                return nil
            }
        }
    }
}
