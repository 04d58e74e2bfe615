import Foundation
import Synchronization

/// Tells whether a file changed since it was last asked (its inode, size or modification time), so that a running
/// process reads the master key file again only after `sauda secrets rotate` rewrote it.
final class KeyFileWatch: Sendable {
    private struct Signature: Equatable {
        var inode: UInt64
        var size: Int64
        var modified: Int64
        var modifiedNanoseconds: Int64
    }

    let path: String
    private let last: Mutex<Signature?>

    init(path: String) {
        self.path = path
        last = Mutex(Self.signature(path))
    }

    /// Whether the file differs from the last time (or from when the watch began).
    func changed() -> Bool {
        let now = Self.signature(path)
        return last.withLock { last in
            defer { last = now }
            return now != last
        }
    }

    private static func signature(_ path: String) -> Signature? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Signature(inode: UInt64(status.st_ino), size: Int64(status.st_size), modified: Int64(status.st_mtim.tv_sec),
                         modifiedNanoseconds: Int64(status.st_mtim.tv_nsec))
    }
}
