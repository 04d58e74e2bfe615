import Foundation

/// Re-seals every stored secret under a new master key while the servers keep running (`sauda secrets rotate`).
///
/// With the key file: the new key goes first in the file with the old ones after it (running servers read the file
/// again when they meet the new key's id, and seal with it from then on), every secret is re-sealed, and the old keys
/// leave the file once no secret needs them. With `SAUDA_MASTER_KEY`: the processes run with the new key in
/// `SAUDA_MASTER_KEY` and the old one in `SAUDA_PREVIOUS_MASTER_KEYS` (a rolling restart), the rotation re-seals every
/// secret, and the old key can then be dropped from the environment.
public struct SecretRotation: Sendable {
    /// What a rotation did.
    public struct Outcome: Sendable, Hashable {
        /// The key every secret is sealed with now.
        public var keyID: String
        /// Secrets re-sealed.
        public var resealed: Int
        /// Keys no longer needed (taken out of the key file, or to take out of the environment).
        public var retiredKeyIDs: [String]
    }

    let database: any Database
    let source: MasterKeySource

    /// Creates a rotation of the secrets of `database`, whose keys come from `source`.
    public init(database: any Database, source: MasterKeySource) {
        self.database = database
        self.source = source
    }

    /// Rotates: with the key file, to `newKey` (a new random one when `nil`); with the environment, to the key already
    /// in `SAUDA_MASTER_KEY` (`newKey` must be `nil` then).
    /// - Throws: ``SecretError`` when there is no key source, a secret does not open, or the key file cannot be written.
    public func rotate(to newKey: MasterKey? = nil, batchSize: Int = 200) async throws -> Outcome {
        let sealer: SecretSealer
        var retired: [String] = []
        switch source {
        case .none:
            throw SecretError(.missingKey, "no master key is configured: set SAUDA_MASTER_KEY first")
        case .environment:
            guard newKey == nil else {
                throw SecretError(.invalidKey, "with SAUDA_MASTER_KEY set, rotate to the key in it: put the new key in SAUDA_MASTER_KEY and the old one in SAUDA_PREVIOUS_MASTER_KEYS")
            }
            let keys = try source.load().keys
            sealer = SecretSealer(keys: keys)
            retired = keys.previous.map(\.id)
        case .keyFile(let path):
            let old = try source.load(creatingFile: true).keys
            let key = newKey ?? MasterKey.generate()
            let previous = ([old.current].compactMap { $0 } + old.previous).filter { $0.id != key.id }
            try MasterKeySource.write(path, current: key, previous: previous)
            sealer = SecretSealer(keys: SecretSealer.MasterKeys(current: key, previous: previous))
            retired = previous.map(\.id)
        }
        var resealed = 0
        while true {
            let count = try await database.transaction { sql in try await SecretRepository(sql).reseal(limit: batchSize, sealer: sealer) }
            resealed += count
            if count < batchSize { break }
        }
        let keyID = sealer.currentKeyID ?? ""
        // A server that sealed with an old key between the batches would leave a secret behind: seal it again (a few
        // rounds at most; a server still sealing with an old key after that has not read the key file again).
        for _ in 0..<10 {
            let keys = try await database.read { sql in try await SecretRepository(sql).countByKey() }.keys
            guard keys.contains(where: { $0 != keyID }) else { break }
            resealed += try await database.transaction { sql in try await SecretRepository(sql).reseal(limit: batchSize, sealer: sealer) }
        }
        let left = try await database.read { sql in try await SecretRepository(sql).countByKey() }.filter { $0.key != keyID }
        guard left.isEmpty else {
            throw SecretError(.missingKey, "\(left.values.reduce(0, +)) secrets are still sealed with \(left.keys.sorted().joined(separator: ", ")); run the rotation again")
        }
        if case .keyFile(let path) = source, let current = try source.load().keys.current {
            try MasterKeySource.write(path, current: current, previous: [])
        }
        return Outcome(keyID: keyID, resealed: resealed, retiredKeyIDs: retired)
    }
}
