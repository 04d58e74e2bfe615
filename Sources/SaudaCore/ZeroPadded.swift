/// Decimal numbers padded with leading zeros to a width («07», «2026»), written without `String(format:)`,
/// which goes through Foundation's formatter: replies and prompts write hours and dates on every turn.
enum ZeroPadded {
    /// `value` in decimal with leading zeros up to `width` characters, as `%0*d` writes it (a minus sign comes
    /// first and counts towards the width).
    static func text(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - sign.count - digits.count)) + digits
    }
}
