import Foundation

/// The normalised form of customer text used for comparisons: lowercase, `ё` read as `е`, punctuation
/// replaced by spaces and runs of spaces collapsed.
public enum TextKey {
    /// Lowercases `text`, reads `ё` as `е`, turns every character that is not a letter or a digit into a
    /// space and collapses runs of spaces, so `"Тойота-Камри, 2022!"` becomes `"тойота камри 2022"`.
    public static func normalise(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        var pendingSpace = false
        for character in text.lowercased() {
            let folded: Character = character == "ё" ? "е" : character
            if folded.isLetter || folded.isNumber {
                if pendingSpace, !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.append(folded)
            } else {
                pendingSpace = true
            }
        }
        return result
    }

    /// The words of `text` after ``normalise(_:)``.
    public static func words(_ text: String) -> [String] {
        normalise(text).split(separator: " ").map(String.init)
    }
}
