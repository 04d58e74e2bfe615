import Crypto
import Foundation
import Synchronization

/// Seals and opens the secrets stored in the database with AES-GCM under the current master key, and opens what older
/// keys sealed while a rotation runs.
///
/// A sealed value is `v1:<key id>:<base64 of nonce, ciphertext and tag>`. The business and the secret's name are the
/// associated data, so a sealed value copied to another business's row, or to another name, does not open.
public final class SecretSealer: Sendable {
    private let keys: Mutex<MasterKeys>
    private let reload: @Sendable () throws(SecretError) -> MasterKeys?

    /// The current key, and older keys that still open values while a rotation re-seals them.
    public struct MasterKeys: Sendable {
        /// Seals every new value.
        public var current: MasterKey?
        /// Open values only.
        public var previous: [MasterKey]

        /// Creates the keys.
        public init(current: MasterKey?, previous: [MasterKey] = []) {
            self.current = current
            self.previous = previous
        }

        func key(id: String) -> MasterKey? {
            if let current, current.id == id { return current }
            return previous.first { $0.id == id }
        }
    }

    /// Creates a sealer.
    /// - Parameter reload: asked for the keys again when a value names a key this sealer does not hold, and before each
    ///   seal (the key file may have been rotated by `sauda secrets rotate` while this process runs); `nil` from it
    ///   keeps the keys as they are.
    public init(keys: MasterKeys, reload: @escaping @Sendable () throws(SecretError) -> MasterKeys? = { nil }) {
        self.keys = Mutex(keys)
        self.reload = reload
    }

    /// The id of the key new values are sealed with, if there is one.
    public var currentKeyID: String? { keys.withLock { $0.current?.id } }

    /// The ids of every key this sealer opens values with.
    public var keyIDs: Set<String> { keys.withLock { Set(($0.current.map { [$0] } ?? []).map(\.id) + $0.previous.map(\.id)) } }

    /// Seals `plaintext` as the secret `name` of `tenantID`.
    /// - Throws: ``SecretError`` `.missingKey` when no master key is configured.
    public func seal(_ plaintext: String, tenantID: String, name: String) throws(SecretError) -> String {
        try refresh()
        guard let key = keys.withLock({ $0.current }) else {
            throw SecretError(.missingKey, "no master key: set SAUDA_MASTER_KEY (make one with «sauda secrets new-key») to store secrets")
        }
        return try Self.seal(plaintext, with: key, tenantID: tenantID, name: name)
    }

    /// Opens a value sealed as the secret `name` of `tenantID`.
    /// - Throws: ``SecretError`` `.missingKey` when no key this sealer holds sealed it, `.unreadable` when it is damaged
    ///   or belongs to another business or name.
    public func open(_ sealed: String, tenantID: String, name: String) throws(SecretError) -> String {
        let parts = sealed.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "v1", let box = Data(base64Encoded: parts[2]) else {
            throw SecretError(.unreadable, "the stored secret «\(name)» is not a sealed value")
        }
        var key = keys.withLock { $0.key(id: parts[1]) }
        if key == nil {
            try refresh()
            key = keys.withLock { $0.key(id: parts[1]) }
        }
        guard let key else {
            throw SecretError(.missingKey, "the stored secret «\(name)» was sealed with master key \(parts[1]), which is not configured")
        }
        do {
            let opened = try AES.GCM.open(try AES.GCM.SealedBox(combined: box), using: key.key,
                                          authenticating: Data(Self.associatedData(tenantID: tenantID, name: name).utf8))
            return String(decoding: opened, as: UTF8.self)
        } catch {
            throw SecretError(.unreadable, "the stored secret «\(name)» does not open with its key (damaged, or not this business's)")
        }
    }

    /// The id of the key that sealed `sealed`, if it is a sealed value.
    public static func keyID(of sealed: String) -> String? {
        let parts = sealed.split(separator: ":", maxSplits: 2)
        return parts.count == 3 && parts[0] == "v1" ? String(parts[1]) : nil
    }

    private func refresh() throws(SecretError) {
        if let fresh = try reload() { keys.withLock { $0 = fresh } }
    }

    static func seal(_ plaintext: String, with key: MasterKey, tenantID: String, name: String) throws(SecretError) -> String {
        do {
            let box = try AES.GCM.seal(Data(plaintext.utf8), using: key.key,
                                       authenticating: Data(associatedData(tenantID: tenantID, name: name).utf8))
            guard let combined = box.combined else { throw SecretError(.unreadable, "AES-GCM gave no combined box") }
            return "v1:\(key.id):\(combined.base64EncodedString())"
        } catch let error as SecretError {
            throw error
        } catch {
            throw SecretError(.unreadable, "sealing failed: \(error)")
        }
    }

    private static func associatedData(tenantID: String, name: String) -> String { "sauda-secret\u{0}\(tenantID)\u{0}\(name)" }
}
