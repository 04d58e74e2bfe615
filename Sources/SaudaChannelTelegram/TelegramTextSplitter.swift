import Foundation

/// Cuts a reply longer than Telegram's 4,096 characters into messages that each fit, at the last paragraph break, else
/// sentence end, else space before the limit (a word longer than a whole message is cut where it must be). Lengths are
/// counted in UTF-16 units, as Telegram counts them, so an emoji never pushes a part over.
public enum TelegramTextSplitter {
    /// Most characters of one message.
    public static let limit = 4096

    /// The parts of `text`, in order, each at most `limit` UTF-16 units and none blank.
    public static func split(_ text: String, limit: Int = TelegramTextSplitter.limit) -> [String] {
        var parts: [String] = []
        var rest = Substring(text)
        while rest.utf16.count > limit {
            let window = prefix(of: rest, utf16Units: limit)
            // A single character longer than a message (a long run of combining marks) is sent on its own, never looped on.
            let cut = window.isEmpty ? rest.index(after: rest.startIndex) : cutPoint(in: window) ?? window.endIndex
            let part = rest[..<cut].trimmingCharacters(in: .whitespacesAndNewlines)
            if !part.isEmpty { parts.append(part) }
            rest = rest[cut...].drop { $0.isWhitespace }
        }
        let last = rest.trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty || parts.isEmpty { parts.append(last) }
        return parts
    }

    /// The longest prefix of `text` of at most `units` UTF-16 units that does not cut a character.
    static func prefix(of text: Substring, utf16Units units: Int) -> Substring {
        var count = 0
        var end = text.startIndex
        for index in text.indices {
            let width = text[index].utf16.count
            if count + width > units { break }
            count += width
            end = text.index(after: index)
        }
        return text[..<end]
    }

    /// Where to cut `window`: after its last paragraph break, else its last sentence end, else its last space; `nil`
    /// when it has none past its first quarter (a cut so early would make many short messages).
    static func cutPoint(in window: Substring) -> Substring.Index? {
        let earliest = window.index(window.startIndex, offsetBy: window.count / 4)
        if let paragraph = window.range(of: "\n\n", options: .backwards), paragraph.upperBound > earliest { return paragraph.upperBound }
        var index = window.endIndex
        while index > earliest {
            let previous = window.index(before: index)
            if ".!?…".contains(window[previous]), index == window.endIndex || window[index].isWhitespace { return index }
            index = previous
        }
        if let newline = window.lastIndex(of: "\n"), newline > earliest { return window.index(after: newline) }
        if let space = window.lastIndex(where: \.isWhitespace), space > earliest { return window.index(after: space) }
        return nil
    }
}
