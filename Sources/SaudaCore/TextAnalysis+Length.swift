/// Character counts that stop at a bound, so a text of megabytes costs no more than the bound.
extension TextAnalysis {
    /// Whether `text` has more than `limit` characters (as a reader counts them: grapheme clusters, as `String.count`
    /// does). Only the first `limit` characters are walked, and a text of at most `limit` UTF-8 bytes not at all.
    public static func isLonger(_ text: String, than limit: Int) -> Bool {
        if text.utf8.count <= limit { return false }
        // `nil`: the text ends before `limit` characters.
        guard let end = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex) else { return false }
        return end != text.endIndex
    }

    /// The first `limit` characters of `text`, and whether anything was cut off; a shorter text is returned whole.
    /// Only the first `limit` characters are walked.
    public static func prefix(_ text: String, characters limit: Int) -> (text: String, truncated: Bool) {
        if text.utf8.count <= limit { return (text, false) }
        guard let end = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex), end != text.endIndex else {
            return (text, false)
        }
        return (String(text[..<end]), true)
    }

    /// `text` cut to its first `limit` characters and ended with «…» when it was longer; a shorter text is returned
    /// whole. Only the first `limit` characters are walked.
    public static func shortened(_ text: String, toCharacters limit: Int) -> String {
        let (kept, truncated) = prefix(text, characters: limit)
        return truncated ? kept + "…" : kept
    }
}
