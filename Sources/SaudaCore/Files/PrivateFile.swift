import Foundation

/// Files only their owner may read and write (mode 0600): the SQLite database and its log, the first admin token.
public enum PrivateFile {
    /// Why a private file could not be made.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The file.
        public let path: String
        /// What the system said (`strerror`).
        public let reason: String
        /// `path: reason`.
        public var description: String { "\(path): \(reason)" }
    }

    /// The mode of every private file.
    public static let mode: mode_t = 0o600

    /// Creates `path` empty with mode 0600 unless it exists; when it exists, takes away any permission of the group
    /// and of others (an installation from before files were private). The file's directory must exist.
    /// - Throws: ``Failure`` when the file can be neither created nor restricted.
    public static func prepare(_ path: String) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if descriptor >= 0 {
            close(descriptor)
            // The umask may have taken bits away, never added any; set them exactly.
            guard chmod(path, mode) == 0 else { throw failure(path) }
            return
        }
        guard errno == EEXIST else { throw failure(path) }
        try restrict(path)
    }

    /// Takes away the group's and others' permissions of `path` when it exists.
    /// - Throws: ``Failure`` when the mode cannot be read or changed.
    public static func restrict(_ path: String) throws(Failure) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return }
            throw failure(path)
        }
        let permissions = status.st_mode & 0o777
        guard permissions & 0o077 != 0 else { return }
        guard chmod(path, permissions & 0o700) == 0 else { throw failure(path) }
    }

    /// Writes `contents` to a new file at `path` with mode 0600; never replaces an existing file.
    /// - Throws: ``Failure`` when the file exists or cannot be written.
    public static func create(_ path: String, contents: Data) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw failure(path) }
        defer { close(descriptor) }
        guard fchmod(descriptor, mode) == 0 else { throw failure(path) }
        var written = 0
        let bytes = [UInt8](contents)
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                if count < 0, errno == EINTR { continue }
                throw failure(path)
            }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw failure(path) }
    }

    /// The permission bits of `path` (`0o600`), or `nil` when it cannot be read.
    public static func permissions(_ path: String) -> mode_t? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o777
    }

    private static func failure(_ path: String) -> Failure {
        Failure(path: path, reason: String(cString: strerror(errno)))
    }
}
