/// Checks at start that the configured master keys open every secret stored, so that a missing or wrong key stops the
/// process with a clear message instead of failing each time a secret is needed.
public enum SecretKeyCheck {
    /// - Throws: ``SecretError`` `.missingKey` naming the keys the database needs and how to configure them.
    public static func verify(_ database: any Database, sealer: SecretSealer, source: MasterKeySource) async throws {
        let counts = try await database.read { sql in try await SecretRepository(sql).countByKey() }
        let missing = counts.keys.filter { !sealer.keyIDs.contains($0) }.sorted()
        guard !missing.isEmpty else { return }
        let stored = missing.map { "\(counts[$0] ?? 0) sealed with master key \($0)" }.joined(separator: ", ")
        let remedy = switch source {
        case .keyFile(let path): "put the key file back at \(path), or set SAUDA_MASTER_KEY to that key"
        case .environment: "set SAUDA_MASTER_KEY (or SAUDA_PREVIOUS_MASTER_KEYS while a rotation runs) to that key"
        case .none: "set SAUDA_MASTER_KEY to that key"
        }
        throw SecretError(.missingKey, "the database holds secrets that no configured master key opens (\(stored)): \(remedy)")
    }
}
