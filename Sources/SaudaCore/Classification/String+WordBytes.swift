/// Word comparisons on UTF-8 bytes. `hasPrefix`, `hasSuffix` and `count` of a Cyrillic `String` compare and count by
/// Unicode rules (canonical equivalence, grapheme clusters); the classifier's words are already normalised, so comparing
/// their bytes gives the same answers several times faster, and the classifier runs on every message.
extension String {
    /// Whether the word begins with `stem`, compared byte by byte.
    func hasWordPrefix(_ stem: String) -> Bool { utf8.starts(with: stem.utf8) }

    /// Whether the word ends with `suffix`, compared byte by byte.
    func hasWordSuffix(_ suffix: String) -> Bool {
        let count = suffix.utf8.count
        return utf8.count >= count && utf8.suffix(count).elementsEqual(suffix.utf8)
    }

    /// The number of letters of a normalised word (its Unicode scalars).
    var letterCount: Int { unicodeScalars.count }
}
