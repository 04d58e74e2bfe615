/// An error of the storage layer, with a code callers can switch on.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// The database could not be opened or reached.
        case unavailable
        /// A statement failed (syntax, constraint, engine error).
        case statement
        /// A row did not hold what the code expected.
        case decoding
        /// A unique constraint was violated.
        case conflict
        /// A thing that should exist does not.
        case notFound
        /// A queue refused new work because it is full.
        case queueFull
        /// The database was closed.
        case closed
    }

    /// The code.
    public var code: Code
    /// Details for logs.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
