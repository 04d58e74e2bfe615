/// Something wrong in an imported file that did not stop the rest from loading: a bad row (skipped), an unknown
/// column (ignored), the product limit (the rest skipped).
public struct CatalogueProblem: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem.
    public enum Kind: String, Sendable, Hashable {
        /// A required field is empty or absent.
        case missingField = "missing field"
        /// A field does not hold what it should (an amount, a year range, a yes/no).
        case invalidValue = "invalid value"
        /// A field is longer than the limit allows, or a list has too many entries.
        case tooLong = "too long"
        /// A second product or category with an id already loaded.
        case duplicateID = "duplicate id"
        /// A product names a category that does not exist, or a category a parent that does not.
        case unknownCategory = "unknown category"
        /// A column or element Sauda does not read; it is ignored.
        case unknownField = "unknown field"
        /// The row or element cannot be read at all (wrong number of cells).
        case malformedRow = "malformed row"
        /// A size limit was reached; what follows was not loaded.
        case limitReached = "limit reached"
    }

    /// The kind.
    public var kind: Kind
    /// The line of the file the row or element starts on (1-based), when the format has lines to point at.
    public var line: Int?
    /// Where in a JSON file (`products[3]`), when there is no line.
    public var position: String?
    /// The column, field or element at fault, when one is.
    public var field: String?
    /// What is wrong, in words.
    public var message: String
    /// Whether the row was left out of the catalogue (else only the named field or column was ignored).
    public var skipped: Bool

    /// Creates a problem.
    public init(_ kind: Kind, line: Int? = nil, position: String? = nil, field: String? = nil, message: String,
                skipped: Bool = true) {
        self.kind = kind
        self.line = line
        self.position = position
        self.field = field
        self.message = message
        self.skipped = skipped
    }

    /// `line 12, price: «abc» is not an amount (row skipped)`.
    public var description: String {
        let place = [line.map { "line \($0)" }, position, field].compactMap { $0 }.joined(separator: ", ")
        return "\(place.isEmpty ? "" : "\(place): ")\(message)\(skipped ? " (row skipped)" : "")"
    }
}
