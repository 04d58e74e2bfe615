import Foundation
import SaudaCore

/// Where a new installation's first admin token is written, instead of the log: `sauda-first-admin-token` beside the
/// SQLite file (or in the working directory with PostgreSQL or an in-memory database), mode 0600, the token and a
/// newline. Only the very first start with the gateway writes it; the start tells the file's path, never the token.
public struct FirstAdminTokenFile: Sendable, Hashable {
    /// The file's name.
    public static let name = "sauda-first-admin-token"
    /// The name of the file that holds the first owner's email and one-time password (``firstOwner(for:)``).
    public static let ownerName = "sauda-first-owner"

    /// The file's absolute path.
    public let path: String

    /// The file for a database at `location`.
    public init(for location: DatabaseLocation) {
        self.init(for: location, name: Self.name)
    }

    /// The file beside the first admin token's that holds the first owner's email and password, written when a first
    /// start makes the installation's owner.
    public static func firstOwner(for location: DatabaseLocation) -> FirstAdminTokenFile {
        FirstAdminTokenFile(for: location, name: ownerName)
    }

    private init(for location: DatabaseLocation, name: String) {
        var directory = FileManager.default.currentDirectoryPath
        if case .sqlite(let file) = location, file != ":memory:", !file.hasPrefix("file:") {
            directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        }
        path = URL(fileURLWithPath: directory).appendingPathComponent(name).standardizedFileURL.path
    }

    /// The file at `path`.
    public init(path: String) {
        self.path = path
    }

    /// Writes `token` with mode 0600, replacing a file left by an earlier installation.
    /// - Throws: ``PrivateFile/Failure`` when it cannot be written.
    func write(_ token: String) throws(PrivateFile.Failure) {
        try? FileManager.default.removeItem(atPath: path)
        try PrivateFile.create(path, contents: Data((token + "\n").utf8))
    }

    /// Writes the first owner's email and password with mode 0600, replacing a file left by an earlier installation.
    /// - Throws: ``PrivateFile/Failure`` when it cannot be written.
    func writeOwner(email: String, password: String) throws(PrivateFile.Failure) {
        try write("email: \(email)\npassword: \(password)")
    }
}
