import Foundation
import Logging
import Synchronization

/// What the text and JSON log handlers share: standard error behind one lock, and how a line's metadata is merged.
enum LogOutput {
    private static let standardErrorLock = Mutex(())

    /// Writes a line to standard error; lines of concurrent loggers do not interleave.
    static func writeToStandardError(_ line: Data) {
        standardErrorLock.withLock { _ in FileHandle.standardError.write(line) }
    }

    /// The metadata of a line: the handler's, the provider's and the line's own, a later one winning.
    static func merged(_ metadata: Logger.Metadata, provider: Logger.MetadataProvider?, line: Logger.Metadata?) -> Logger.Metadata {
        var merged = metadata
        if let provided = provider?.get() { merged.merge(provided) { $1 } }
        if let line { merged.merge(line) { $1 } }
        return merged
    }
}
