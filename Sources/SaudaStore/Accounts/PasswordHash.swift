import Crypto
import CryptoExtras
import Foundation

/// Passwords of console accounts, stored as scrypt hashes (memory-hard: each guess costs the attacker
/// `128 × r × N` bytes and the time to fill them): `scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>`, base64.
public struct PasswordHash: Sendable, Hashable {
    /// The scrypt cost.
    public struct Cost: Sendable, Hashable {
        /// log2 of N, the rounds.
        public var logRounds: Int
        /// The block size r.
        public var blockSize: Int
        /// The parallelism p.
        public var parallelism: Int

        /// Creates a cost.
        public init(logRounds: Int, blockSize: Int = 8, parallelism: Int = 1) {
            self.logRounds = logRounds
            self.blockSize = blockSize
            self.parallelism = parallelism
        }

        /// N = 2^15, r = 8, p = 1: 32 MiB and about a tenth of a second a guess on a small server.
        public static let standard = Cost(logRounds: 15)
        /// N = 2^10: for tests only.
        public static let fast = Cost(logRounds: 10)
    }

    /// The shortest password accepted.
    public static let minimumLength = 10
    /// The longest password accepted (a longer one is an attack on the hashing time, not a password).
    public static let maximumLength = 200

    /// The stored form.
    public let encoded: String

    /// Hashes `password` with a new random salt.
    /// - Throws: ``PasswordError`` for a password that is too short or too long.
    public init(hashing password: String, cost: Cost = .standard) throws(PasswordError) {
        if let problem = Self.problem(with: password) { throw PasswordError(message: problem) }
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        guard let hash = Self.derive(password, salt: salt, cost: cost) else { throw PasswordError(message: "the password could not be hashed") }
        encoded = "scrypt$ln=\(cost.logRounds),r=\(cost.blockSize),p=\(cost.parallelism)$\(salt.base64EncodedString())$\(hash.base64EncodedString())"
    }

    /// A stored hash.
    public init(encoded: String) { self.encoded = encoded }

    /// Whether `password` is the one hashed (compared in constant time). A damaged stored form matches nothing.
    public func matches(_ password: String) -> Bool {
        let parts = encoded.split(separator: "$").map(String.init)
        guard parts.count == 4, parts[0] == "scrypt", let cost = Self.cost(parts[1]),
              let salt = Data(base64Encoded: parts[2]), let expected = Data(base64Encoded: parts[3]),
              password.unicodeScalars.count <= Self.maximumLength,
              let actual = Self.derive(password, salt: salt, cost: cost), actual.count == expected.count else { return false }
        return zip(actual, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Why `password` cannot be a password, or `nil`.
    public static func problem(with password: String) -> String? {
        let length = password.unicodeScalars.count
        guard length >= minimumLength else { return "a password has at least \(minimumLength) characters" }
        guard length <= maximumLength else { return "a password has at most \(maximumLength) characters" }
        return nil
    }

    private static func cost(_ text: String) -> Cost? {
        var values: [String: Int] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let value = Int(parts[1]) else { return nil }
            values[String(parts[0])] = value
        }
        guard let logRounds = values["ln"], (1...20).contains(logRounds), let r = values["r"], (1...32).contains(r),
              let p = values["p"], (1...16).contains(p) else { return nil }
        return Cost(logRounds: logRounds, blockSize: r, parallelism: p)
    }

    private static func derive(_ password: String, salt: Data, cost: Cost) -> Data? {
        guard let key = try? KDF.Scrypt.deriveKey(from: Data(password.utf8), salt: salt, outputByteCount: 32, rounds: 1 << cost.logRounds,
                                                  blockSize: cost.blockSize, parallelism: cost.parallelism) else { return nil }
        return key.withUnsafeBytes { Data($0) }
    }
}

/// A password that cannot be used, with the reason.
public struct PasswordError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why.
    public var message: String
    public var description: String { message }
}
