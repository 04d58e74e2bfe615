/// Why a secret could not be sealed, opened or stored. The message never contains a secret.
public struct SecretError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Code: Sendable, Hashable {
        /// A master key that is not 32 bytes of base64.
        case invalidKey
        /// No master key is configured, or none that opens a stored secret.
        case missingKey
        /// A sealed value that is damaged, or sealed for another business or name.
        case unreadable
        /// The key file could not be read or written.
        case keyFile
    }

    /// The kind.
    public var code: Code
    /// What happened, for people.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
