import Foundation
import SaudaCore

/// Where the master keys come from: `SAUDA_MASTER_KEY` (and `SAUDA_PREVIOUS_MASTER_KEYS`, comma-separated, while a
/// rotation runs), or, for the embedded default on SQLite, a key file beside the database made on first start.
///
/// The key file (`sauda-master.key`, mode 0600) holds the current key's base64 on its first line and older keys on the
/// lines after it; `sauda secrets rotate` rewrites it, and a running server reads it again before it seals and when a
/// value names a key it does not hold, so a rotation needs no restart.
public enum MasterKeySource: Sendable, Hashable {
    /// Keys from the environment.
    case environment(current: String, previous: [String])
    /// Keys from a file.
    case keyFile(path: String)
    /// No key: the installation stores no secrets until one is configured.
    case none

    /// The key file's name.
    public static let keyFileName = "sauda-master.key"

    /// The source of an installation: `SAUDA_MASTER_KEY` when set (`masterKey`, with `previousMasterKeys`), else the key
    /// file beside a SQLite file, else none (PostgreSQL serves several processes, which must share one key: it comes
    /// from the environment).
    public static func resolve(masterKey: String?, previousMasterKeys: [String], database location: DatabaseLocation) -> MasterKeySource {
        if let masterKey, !masterKey.trimmingCharacters(in: .whitespaces).isEmpty {
            return .environment(current: masterKey, previous: previousMasterKeys)
        }
        if case .sqlite(let file) = location, file != ":memory:", !file.hasPrefix("file:") {
            let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
            return .keyFile(path: directory.appendingPathComponent(keyFileName).standardizedFileURL.path)
        }
        return .none
    }

    /// The source of an installation with `settings`.
    public static func resolve(_ settings: SaudaSettings) -> MasterKeySource {
        resolve(masterKey: settings.masterKey, previousMasterKeys: settings.previousMasterKeys, database: settings.database)
    }

    /// The keys now.
    /// - Parameter creatingFile: makes the key file with a new key when it does not exist (a server's first start).
    /// - Returns: the keys, and whether the key file was made now (the caller says where, once).
    /// - Throws: ``SecretError`` `.invalidKey` naming the setting or file that holds a bad key, `.keyFile` when the file
    ///   cannot be read or made.
    public func load(creatingFile: Bool = false) throws(SecretError) -> (keys: SecretSealer.MasterKeys, createdFile: Bool) {
        switch self {
        case .none:
            return (SecretSealer.MasterKeys(current: nil), false)
        case .environment(let current, let previous):
            let key: MasterKey
            do { key = try MasterKey(base64: current) } catch {
                throw SecretError(.invalidKey, "SAUDA_MASTER_KEY: \(error.message)")
            }
            var older: [MasterKey] = []
            for (index, text) in previous.enumerated() {
                do { older.append(try MasterKey(base64: text)) } catch {
                    throw SecretError(.invalidKey, "SAUDA_PREVIOUS_MASTER_KEYS, key \(index + 1): \(error.message)")
                }
            }
            return (SecretSealer.MasterKeys(current: key, previous: older), false)
        case .keyFile(let path):
            if !FileManager.default.fileExists(atPath: path) {
                guard creatingFile else { return (SecretSealer.MasterKeys(current: nil), false) }
                do {
                    try PrivateFile.create(path, contents: Data((MasterKey.generate().base64 + "\n").utf8))
                } catch {
                    throw SecretError(.keyFile, "the master key file could not be made: \(error)")
                }
                return (try Self.read(path), true)
            }
            return (try Self.read(path), false)
        }
    }

    /// A sealer with the keys now, reading the key file again when it changes.
    public func sealer(creatingFile: Bool = false) throws(SecretError) -> (sealer: SecretSealer, createdFile: Bool) {
        let (keys, created) = try load(creatingFile: creatingFile)
        guard case .keyFile(let path) = self else { return (SecretSealer(keys: keys), created) }
        let watch = KeyFileWatch(path: path)
        return (SecretSealer(keys: keys, reload: { () throws(SecretError) -> SecretSealer.MasterKeys? in
            guard watch.changed() else { return nil }
            return try Self.read(path)
        }), created)
    }

    /// Reads a key file: the current key, then older ones, one base64 key a line.
    static func read(_ path: String) throws(SecretError) -> SecretSealer.MasterKeys {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw SecretError(.keyFile, "the master key file \(path) cannot be read: \(error.localizedDescription)")
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var keys: [MasterKey] = []
        for (index, line) in lines.enumerated() {
            do { keys.append(try MasterKey(base64: line)) } catch {
                throw SecretError(.invalidKey, "the master key file \(path), line \(index + 1): \(error.message)")
            }
        }
        guard let current = keys.first else { throw SecretError(.invalidKey, "the master key file \(path) holds no key") }
        return SecretSealer.MasterKeys(current: current, previous: Array(keys.dropFirst()))
    }

    /// Writes a key file: `current` first, then `previous`, mode 0600, replacing the file in one rename.
    static func write(_ path: String, current: MasterKey, previous: [MasterKey]) throws(SecretError) {
        let text = ([current] + previous).map(\.base64).joined(separator: "\n") + "\n"
        let temporary = path + ".new"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            try PrivateFile.create(temporary, contents: Data(text.utf8))
        } catch {
            throw SecretError(.keyFile, "the master key file could not be written: \(error)")
        }
        guard rename(temporary, path) == 0 else {
            throw SecretError(.keyFile, "the master key file \(path) could not be replaced: \(String(cString: strerror(errno)))")
        }
    }
}
