/// Phone-number normalisation for Kazakhstan and Russia: `+7 775 283-73-06`, `87752837306`,
/// `77752837306@c.us` all become `77752837306`.
public enum PhoneNumber {
    /// Returns the digits of a phone number in international form without `+`, or `nil` when the text
    /// holds too few or too many digits to be one.
    public static func normalize(_ raw: String) -> String? {
        let withoutSuffix = raw.split(separator: "@", maxSplits: 1).first.map(String.init) ?? raw
        let digits = withoutSuffix.filter(\.isASCII).filter(\.isNumber)
        guard (10...15).contains(digits.count) else { return nil }
        if digits.count == 11, digits.hasPrefix("8") { return "7" + digits.dropFirst() }
        if digits.count == 10, digits.hasPrefix("7") || digits.hasPrefix("9") { return "7" + digits }
        return digits
    }

    /// A stored phone number (digits, or already with «+») in international form with «+»: `77752837306` becomes
    /// `+77752837306`.
    public static func international(_ stored: String) -> String {
        stored.hasPrefix("+") ? stored : "+" + stored
    }
}
