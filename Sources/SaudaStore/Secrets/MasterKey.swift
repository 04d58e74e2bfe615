import Crypto
import Foundation

/// A 256-bit key that seals the secrets of the database (AES-GCM), named by an id derived from it, so that a sealed
/// value says which key opens it without revealing anything of the key.
public struct MasterKey: Sendable {
    /// The first eight bytes of the key's SHA-256, in hex.
    public let id: String
    let key: SymmetricKey

    /// A key from its 32 bytes.
    /// - Throws: ``SecretError`` `.invalidKey` for another length.
    public init(bytes: some ContiguousBytes) throws(SecretError) {
        let key = SymmetricKey(data: bytes)
        guard key.bitCount == 256 else { throw SecretError(.invalidKey, "a master key is 32 bytes, not \(key.bitCount / 8)") }
        self.init(checked: key)
    }

    /// A key already known to be 256 bits.
    private init(checked key: SymmetricKey) {
        self.key = key
        self.id = key.withUnsafeBytes { Self.id(of: Data($0)) }
    }

    /// A key from its base64 text, as `SAUDA_MASTER_KEY` and the key file hold it.
    /// - Throws: ``SecretError`` `.invalidKey` when the text is not base64 of 32 bytes.
    public init(base64 text: String) throws(SecretError) {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw SecretError(.invalidKey, "a master key is 32 bytes in base64 (make one with «sauda secrets new-key»)")
        }
        try self.init(bytes: data)
    }

    /// A new random key.
    public static func generate() -> MasterKey {
        MasterKey(checked: SymmetricKey(size: .bits256))
    }

    /// The key as base64 text.
    public var base64: String { key.withUnsafeBytes { Data($0).base64EncodedString() } }

    private static func id(of data: Data) -> String {
        SHA256.hash(data: data).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
