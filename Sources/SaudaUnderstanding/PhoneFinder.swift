import Foundation
import SaudaCore

/// Finds a Kazakh or Russian phone number in free text: `+7 701 123 45 67`, `8 701 1234567`, `87011234567`,
/// `8(701)123-45-67`, `701 123 45 67`.
public enum PhoneFinder {
    /// A phone number found in text.
    public struct Found: Sendable, Equatable {
        /// The number in international form with `+`: `"+77011234567"`.
        public let number: String
        /// Where it stands in the text.
        public let range: Range<String.Index>
    }

    /// The first phone number in `text`.
    public static func first(in text: String) -> Found? {
        let groups = digitGroups(in: text)
        for start in groups.indices {
            var digits = ""
            for end in start..<groups.count {
                if end > start {
                    let gap = text[groups[end - 1].range.upperBound..<groups[end].range.lowerBound]
                    guard gap.count <= 3, gap.allSatisfy({ $0 == " " || $0 == "-" || $0 == "(" || $0 == ")" || $0 == "." }) else { break }
                }
                digits += groups[end].digits
                if digits.count > 11 { break }
                guard let number = phone(from: digits, plus: groups[start].hasPlus) else { continue }
                let next = end + 1 < groups.count ? groups[end + 1] : nil
                if let next, text[groups[end].range.upperBound..<next.range.lowerBound].allSatisfy({ $0 == " " || $0 == "-" }),
                   digits.count < 11, phone(from: digits + next.digits, plus: groups[start].hasPlus) != nil {
                    continue
                }
                let lower = groups[start].hasPlus ? text.index(before: groups[start].range.lowerBound) : groups[start].range.lowerBound
                return Found(number: "+" + number, range: lower..<groups[end].range.upperBound)
            }
        }
        return nil
    }

    private struct Group {
        let digits: String
        let range: Range<String.Index>
        let hasPlus: Bool
    }

    private static func digitGroups(in text: String) -> [Group] {
        var groups: [Group] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index].isASCII, text[index].isNumber else {
                index = text.index(after: index)
                continue
            }
            let start = index
            while index < text.endIndex, text[index].isASCII, text[index].isNumber { index = text.index(after: index) }
            let hasPlus = start > text.startIndex && text[text.index(before: start)] == "+"
            let precededByLetter = start > text.startIndex && text[text.index(before: start)].isLetter
            let followedByLetter = index < text.endIndex && text[index].isLetter
            if !precededByLetter, !followedByLetter {
                groups.append(Group(digits: String(text[start..<index]), range: start..<index, hasPlus: hasPlus))
            }
        }
        return groups
    }

    /// The digits of a Kazakh or Russian mobile or city number in international form, or nil.
    private static func phone(from digits: String, plus: Bool) -> String? {
        switch digits.count {
        case 11 where digits.hasPrefix("7") || (digits.hasPrefix("8") && !plus):
            return PhoneNumber.normalize(digits)
        case 10 where !plus && (digits.hasPrefix("7") || digits.hasPrefix("9")):
            return PhoneNumber.normalize(digits)
        default:
            return nil
        }
    }
}
