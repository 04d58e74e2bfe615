/// Whether a text shows anything to a reader.
extension TextAnalysis {
    /// Whether `text` shows nothing to a reader: it is empty, or every Unicode scalar in it is white space, a control
    /// character (`\u{0000}` included), a format character (zero-width space and joiners, the byte order mark,
    /// direction marks, tag characters), a default-ignorable code point (variation selectors, the Hangul fillers,
    /// the combining grapheme joiner), a line or paragraph separator, or the blank Braille pattern. Such a text is
    /// empty to the customer and to the agent, so channels refuse or drop it like an empty one.
    ///
    /// The walk stops at the first visible scalar, so a long ordinary text costs one step.
    public static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(isInvisible)
    }

    /// Whether one scalar draws nothing (see ``isBlank(_:)``).
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        // Printable ASCII other than the space is visible: the common case answers at once.
        if (0x21...0x7E).contains(scalar.value) { return false }
        let properties = scalar.properties
        if properties.isWhitespace || properties.isDefaultIgnorableCodePoint { return true }
        switch properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return true
        default:
            // U+2800 BRAILLE PATTERN BLANK is a symbol that draws an empty cell.
            return scalar.value == 0x2800
        }
    }
}
