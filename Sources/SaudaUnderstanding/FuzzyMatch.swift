import Foundation

/// Edit distance and a length-aware "close enough" test for misspelt names (`тайота`, `ленд круизер`).
public enum FuzzyMatch {
    /// The optimal-string-alignment Damerau–Levenshtein distance: insertions, deletions, substitutions and
    /// swaps of two neighbouring characters each count as one edit.
    public static func distance(_ first: String, _ second: String) -> Int {
        let a = Array(first), b = Array(second)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }

    /// How many edits a word of `length` characters may carry and still count as a spelling of another:
    /// none up to 4 characters (short words collide too easily), one up to 8, two beyond.
    public static func allowedEdits(forLength length: Int) -> Int {
        switch length {
        case ..<5: 0
        case 5...8: 1
        default: 2
        }
    }

    /// True when `candidate` is `reference` or a misspelling of it: both are at least 5 characters long,
    /// begin with the same character, and differ by no more edits than the shorter length allows; below 7
    /// characters both must also be of one length (a letter changed or two swapped, none added or dropped).
    public static func isClose(_ candidate: String, to reference: String) -> Bool {
        if candidate == reference { return true }
        guard let first = candidate.first, first == reference.first else { return false }
        let shorter = min(candidate.count, reference.count)
        let allowed = allowedEdits(forLength: shorter)
        guard allowed > 0, abs(candidate.count - reference.count) <= allowed else { return false }
        // Below 7 characters a missing or extra letter turns too many words into names (`черный` → `чери`):
        // only a changed or swapped letter counts.
        if shorter < 7, candidate.count != reference.count { return false }
        return distance(candidate, reference) <= allowed
    }

    /// Similarity between 0 and 1: one minus the edit distance divided by the longer length.
    public static func similarity(_ first: String, _ second: String) -> Double {
        let longer = max(first.count, second.count)
        guard longer > 0 else { return 1 }
        return 1 - Double(distance(first, second)) / Double(longer)
    }
}
